package io.caracal.waf.internal.operator;

import java.util.regex.MatchResult;

/** Stores match results in TX.0-TX.9 the way ModSecurity's capture action does. */
final class Captures {

    static final int MAX_INDEX = 9;

    private Captures() {
    }

    /**
     * Group 0 and groups 1-9 up to the last one that took part in the match (groups in between
     * that did not take part become empty strings); TX variables above that are unset.
     */
    static void storeGroups(MatchResult match, MatchContext context) {
        int last = 0;
        int groups = Math.min(MAX_INDEX, match.groupCount());
        for (int i = 1; i <= groups; i++) {
            if (match.start(i) >= 0) {
                last = i;
            }
        }
        for (int i = 0; i <= last; i++) {
            String value = match.group(i);
            context.capture(i, value == null ? "" : value);
        }
        unsetFrom(last + 1, context);
    }

    /** Stores a single value as TX.0 and unsets TX.1-TX.9. */
    static void storeSingle(String value, MatchContext context) {
        context.capture(0, value);
        unsetFrom(1, context);
    }

    private static void unsetFrom(int first, MatchContext context) {
        for (int i = first; i <= MAX_INDEX; i++) {
            context.capture(i, null);
        }
    }
}
