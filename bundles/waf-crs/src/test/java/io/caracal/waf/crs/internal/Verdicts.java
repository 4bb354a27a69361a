package io.caracal.waf.crs.internal;

import java.util.List;
import java.util.stream.Collectors;

import io.caracal.waf.internal.body.ByteStrings;
import io.caracal.waf.internal.engine.MatchEvent;
import io.caracal.waf.internal.engine.Transaction;

/** What a transaction's outcome means for a corpus sample, and how to show it when it is not what was expected. */
final class Verdicts {

    /** CRS's inbound blocking rule (REQUEST-949). */
    static final long BLOCKING_RULE = 949110;

    private Verdicts() {
    }

    static boolean deniedByAnomalyScore(Transaction t) {
        return t.interruptingRuleId() == BLOCKING_RULE && t.interruptStatus() == 403;
    }

    /** Whether a rule whose id starts with one of the prefixes matched. */
    static boolean familyMatched(Transaction t, List<String> families) {
        return t.events().stream().anyMatch(e -> inFamily(e.ruleId(), families));
    }

    static boolean inFamily(long ruleId, List<String> families) {
        String id = Long.toString(ruleId);
        return families.stream().anyMatch(id::startsWith);
    }

    /** The matches, one a line: rule, variable, matched value, message. */
    static String describe(Transaction t) {
        if (t.events().isEmpty()) {
            return "no rule matched; anomaly score " + t.tx("anomaly_score");
        }
        return "anomaly score " + t.tx("anomaly_score") + ", denied by " + t.interruptingRuleId() + ":\n"
                + t.events().stream().map(Verdicts::line).collect(Collectors.joining("\n"));
    }

    private static String line(MatchEvent e) {
        return "  " + e.ruleId() + " " + e.variable() + "=" + ByteStrings.readable(e.value()) + "  [" + e.message() + "]";
    }
}
