package io.caracal.waf.internal.operator;

import java.util.regex.MatchResult;

/**
 * {@code @verifyCC}: finds candidates with the argument regex and matches when one of them passes
 * the Luhn check (only its digits count). Captures as {@code @rx} does for the passing candidate.
 */
final class VerifyCcOperator implements Operator {

    private final BoundedRegex regex;

    VerifyCcOperator(String pattern, RegexStepLimit limit) {
        try {
            this.regex = BoundedRegex.compile(pattern, limit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@verifyCC: invalid regular expression '" + pattern + "': " + e.getMessage(), e);
        }
    }

    @Override
    public boolean matches(String input, MatchContext context) {
        int from = 0;
        try {
            while (from <= input.length()) {
                MatchResult candidate = regex.find(input, from);
                if (candidate == null) {
                    return false;
                }
                if (LuhnCheck.passes(candidate.group())) {
                    if (context.capturing()) {
                        Captures.storeGroups(candidate, context);
                    }
                    return true;
                }
                from = Math.max(candidate.end(), candidate.start() + 1);
            }
            return false;
        } catch (RegexLimitExceededException e) {
            context.matchLimitExceeded("verifyCC", regex.pcre());
            return false;
        }
    }
}
