package io.caracal.waf.internal.operator;

import io.caracal.waf.internal.prefilter.Condition;

/**
 * A ModSecurity operator ({@code @rx}, {@code @pm}, ...) bound to its argument.
 *
 * <p>Inputs are byte strings (one char per byte). Operators are immutable and thread-safe;
 * per-call state lives in the {@link MatchContext}. Negation ({@code !@op}) is the caller's job.
 */
@FunctionalInterface
public interface Operator {

    boolean matches(String input, MatchContext context);

    /**
     * What every input this operator matches contains, so that the engine can rule inputs out
     * from one shared scan; {@link Condition#ALL} when nothing is known. Must be sound: an input
     * that does not meet it never matches.
     */
    default Condition condition() {
        return Condition.ALL;
    }
}
