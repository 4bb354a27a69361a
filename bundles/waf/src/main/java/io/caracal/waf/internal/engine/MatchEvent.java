package io.caracal.waf.internal.engine;

import java.util.List;

/**
 * One rule match, for the match log.
 *
 * @param ruleId the rule's id
 * @param phase the phase it ran in
 * @param message its {@code msg}, expanded
 * @param data its {@code logdata}, expanded
 * @param variable the name of the matched variable ({@code ARGS:q})
 * @param value the matched value (after transformations)
 * @param severity the severity name, or null
 * @param tags the rule's tags
 * @param disruptive whether this match decided the request's fate (deny …)
 */
public record MatchEvent(long ruleId, int phase, String message, String data, String variable, String value,
        String severity, List<String> tags, boolean disruptive) {
}
