package io.caracal.waf.internal.operator;

import java.util.regex.MatchResult;

import io.caracal.waf.internal.prefilter.Condition;

/** {@code @rx}: a PCRE search anywhere in the input, with captures into TX.0-TX.9. */
final class RxOperator implements Operator {

    private final ExpandableArgument argument;
    private final BoundedRegex fixedRegex;
    private final RegexCache expandedRegexes;

    RxOperator(String pattern, RegexStepLimit limit) {
        this.argument = new ExpandableArgument(pattern);
        if (argument.hasMacro()) {
            this.fixedRegex = null;
            this.expandedRegexes = new RegexCache(limit);
        } else {
            this.fixedRegex = compile(pattern, limit);
            this.expandedRegexes = null;
        }
    }

    static BoundedRegex compile(String pattern, RegexStepLimit limit) {
        try {
            return BoundedRegex.compile(pattern, limit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@rx: invalid regular expression '" + pattern + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Condition condition() {
        return fixedRegex == null ? Condition.ALL : fixedRegex.condition();
    }

    /**
     * @throws IllegalArgumentException when the pattern contains macros and its expansion is not
     *     a valid regular expression (ModSecurity treats that as a rule error)
     */
    @Override
    public boolean matches(String input, MatchContext context) {
        BoundedRegex regex = fixedRegex != null ? fixedRegex : expandedRegexes.get(argument.resolve(context));
        MatchResult match;
        try {
            match = regex.find(input, 0);
        } catch (RegexLimitExceededException e) {
            context.matchLimitExceeded("rx", regex.pcre());
            return false;
        }
        if (match == null) {
            return false;
        }
        if (context.capturing()) {
            Captures.storeGroups(match, context);
        }
        return true;
    }
}
