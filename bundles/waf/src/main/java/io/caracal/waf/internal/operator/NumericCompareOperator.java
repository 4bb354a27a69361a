package io.caracal.waf.internal.operator;

/**
 * Integer comparison of input and argument, both read like C atoi (non-numeric text counts as
 * 0). The argument may be a macro such as {@code %{tx.inbound_anomaly_score_threshold}}.
 */
final class NumericCompareOperator implements Operator {

    private final NumericComparison comparison;
    private final ExpandableArgument argument;
    private final long fixedArgument;

    NumericCompareOperator(NumericComparison comparison, String argument) {
        this.comparison = comparison;
        this.argument = new ExpandableArgument(argument);
        this.fixedArgument = CInteger.parse(argument);
    }

    @Override
    public boolean matches(String input, MatchContext context) {
        long right = argument.hasMacro() ? CInteger.parse(argument.resolve(context)) : fixedArgument;
        return comparison.test(CInteger.parse(input), right);
    }
}
