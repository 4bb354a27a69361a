package io.caracal.waf.internal.operator;

import java.util.BitSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.caracal.waf.internal.prefilter.Condition;
import io.caracal.waf.internal.prefilter.RegexConditions;

/** A PCRE pattern compiled for java.util.regex whose searches are bounded by a {@link RegexStepLimit}. */
final class BoundedRegex {

    private final String pcre;
    private final Pattern pattern;
    private final boolean implicitlyAnchored;
    private final BitSet groupsInNegativeAssertions;
    private final RegexStepLimit limit;
    /** What every match contains (see {@link RegexConditions}). */
    private final Condition condition;

    private BoundedRegex(String pcre, PcreTranslator.JavaRegex java, RegexStepLimit limit) {
        this.pcre = pcre;
        this.pattern = Pattern.compile(java.pattern, PcreTranslator.JAVA_FLAGS);
        this.implicitlyAnchored = java.startsWithDotStar;
        this.groupsInNegativeAssertions = java.groupsInNegativeAssertions;
        this.limit = limit;
        this.condition = RegexConditions.of(java.pattern);
    }

    /**
     * @throws IllegalArgumentException with the reason when the pattern is not valid PCRE or
     *     uses a feature java.util.regex lacks
     */
    static BoundedRegex compile(String pcre, RegexStepLimit limit) {
        PcreTranslator.JavaRegex java = PcreTranslator.translate(pcre);
        try {
            return new BoundedRegex(pcre, java, limit);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription(), e);
        }
    }

    /** The pattern as written in the rule. */
    String pcre() {
        return pcre;
    }

    Condition condition() {
        return condition;
    }

    /** The translated java.util.regex pattern. */
    Pattern pattern() {
        return pattern;
    }

    /**
     * Finds the first match at or after {@code from}, or returns null.
     *
     * @throws RegexLimitExceededException when the search used up its step allowance, or ran out
     *     of stack (java.util.regex recurses once per repetition of a group, so a long enough
     *     input can exhaust the stack where PCRE would hit its recursion limit)
     */
    MatchResult find(String input, int from) {
        Matcher matcher = pattern.matcher(new StepCountingCharSequence(input, limit.stepsFor(input.length())));
        try {
            // Like PCRE, a pattern starting with ".*" is only tried at the start: a match found
            // from a later position would also be found from there, so retrying is wasted work.
            boolean found = implicitlyAnchored && from == 0 ? matcher.lookingAt() : matcher.find(from);
            if (!found) {
                return null;
            }
            MatchResult match = matcher.toMatchResult();
            return groupsInNegativeAssertions.isEmpty() ? match : new PcreMatchResult(match, groupsInNegativeAssertions);
        } catch (StackOverflowError e) {
            throw RegexLimitExceededException.INSTANCE;
        }
    }
}
