package io.caracal.waf.internal.operator;

/** {@code @streq}, {@code @contains}, {@code @within} and friends; the argument may contain macros. */
final class StringCompareOperator implements Operator {

    private final StringComparison comparison;
    private final ExpandableArgument argument;

    StringCompareOperator(StringComparison comparison, String argument) {
        this.comparison = comparison;
        this.argument = new ExpandableArgument(argument);
    }

    @Override
    public boolean matches(String input, MatchContext context) {
        return comparison.test(input, argument.resolve(context));
    }
}
