package io.caracal.waf.internal.operator;

import java.util.Locale;
import java.util.Set;

/** Creates ModSecurity operators from their rule syntax ({@code @name argument}). */
public final class Operators {

    /** Real ModSecurity operators that are deliberately not implemented. */
    private static final Set<String> UNSUPPORTED = Set.of(
            "rbl", "geolookup", "gsblookup", "inspectfile", "fuzzyhash", "validatedtd", "validateschema",
            "validatehash", "verifycpf", "verifyssn", "verifysvnr", "rsub");

    private static final Operator UNCONDITIONAL_MATCH = (input, context) -> true;
    private static final Operator NO_MATCH = (input, context) -> false;

    private Operators() {
    }

    /** Same as {@link #create(String, String, DataFiles, RegexStepLimit)} with {@link RegexStepLimit#DEFAULT}. */
    public static Operator create(String name, String argument, DataFiles files) {
        return create(name, argument, files, RegexStepLimit.DEFAULT);
    }

    /**
     * Creates the operator {@code name} (without '@', case-insensitive; negation and the implicit
     * {@code @rx} are the caller's job) for {@code argument}, a byte string. Data files for
     * {@code @pmFromFile} and {@code @ipMatchFromFile} are read now, through {@code files}.
     *
     * @param regexLimit bounds the work of every regex search made by the operator
     * @throws UnsupportedOperatorException for a ModSecurity operator this engine does not implement
     * @throws IllegalArgumentException for an unknown operator or an invalid argument, e.g.
     *     "@rx: invalid regular expression '(': missing ) at offset 1"
     */
    public static Operator create(String name, String argument, DataFiles files, RegexStepLimit regexLimit) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
        String arg = argument == null ? "" : argument;
        if (UNSUPPORTED.contains(key)) {
            throw new UnsupportedOperatorException(name);
        }
        switch (key) {
            case "rx":
                return new RxOperator(arg, regexLimit);
            case "pm":
                requireArgument(name, arg);
                return new PmOperator(PhraseArgument.phrases(arg));
            case "pmfromfile":
            case "pmf":
                return new PmOperator(DataFileLines.read(name, arg, files));
            case "strmatch":
                return new StrMatchOperator(arg);
            case "streq":
                return new StringCompareOperator(StringComparison.STREQ, arg);
            case "contains":
                return new StringCompareOperator(StringComparison.CONTAINS, arg);
            case "containsword":
                return new StringCompareOperator(StringComparison.CONTAINS_WORD, arg);
            case "beginswith":
                return new StringCompareOperator(StringComparison.BEGINS_WITH, arg);
            case "endswith":
                return new StringCompareOperator(StringComparison.ENDS_WITH, arg);
            case "within":
                return new StringCompareOperator(StringComparison.WITHIN, arg);
            case "eq":
                return new NumericCompareOperator(NumericComparison.EQ, arg);
            case "ge":
                return new NumericCompareOperator(NumericComparison.GE, arg);
            case "gt":
                return new NumericCompareOperator(NumericComparison.GT, arg);
            case "le":
                return new NumericCompareOperator(NumericComparison.LE, arg);
            case "lt":
                return new NumericCompareOperator(NumericComparison.LT, arg);
            case "validatebyterange":
                return new ValidateByteRangeOperator(arg);
            case "validateurlencoding":
                return new ValidateUrlEncodingOperator();
            case "validateutf8encoding":
                return new ValidateUtf8EncodingOperator();
            case "ipmatch":
                return IpMatchOperator.fromArgument(arg);
            case "ipmatchfromfile":
            case "ipmatchf":
                return IpMatchOperator.fromEntries(DataFileLines.read(name, arg, files));
            case "unconditionalmatch":
                return UNCONDITIONAL_MATCH;
            case "nomatch":
                return NO_MATCH;
            case "verifycc":
                requireArgument(name, arg);
                return new VerifyCcOperator(arg, regexLimit);
            case "detectsqli":
                return new DetectSqliOperator();
            case "detectxss":
                return new DetectXssOperator();
            default:
                throw new IllegalArgumentException("unknown operator '@" + name + "'");
        }
    }

    private static void requireArgument(String name, String argument) {
        if (argument.isBlank()) {
            throw new IllegalArgumentException("@" + name + ": missing argument");
        }
    }
}
