package io.caracal.waf.internal.operator;

/**
 * How much work one regex search may do before it is abandoned, the counterpart of PCRE's match
 * limit (SecPcreMatchLimit). Work is counted in characters read by the matcher; the allowance
 * grows with the input so that ordinary scans of long values always finish, while catastrophic
 * backtracking, which reads the same chars over and over, is cut off.
 */
public final class RegexStepLimit {

    /**
     * One million reads plus 1,000 per input char: well above what the CRS patterns need for
     * ordinary input, while an exponential blow-up is stopped within milliseconds on short input.
     */
    public static final RegexStepLimit DEFAULT = new RegexStepLimit(1_000_000, 1_000);

    private final long baseSteps;
    private final long stepsPerChar;

    private RegexStepLimit(long baseSteps, long stepsPerChar) {
        this.baseSteps = baseSteps;
        this.stepsPerChar = stepsPerChar;
    }

    public static RegexStepLimit of(long baseSteps, long stepsPerChar) {
        if (baseSteps < 0 || stepsPerChar < 0) {
            throw new IllegalArgumentException("step limits must not be negative");
        }
        return new RegexStepLimit(baseSteps, stepsPerChar);
    }

    long stepsFor(int inputLength) {
        long perChar = inputLength == 0 ? 0 : stepsPerChar;
        if (perChar > (Long.MAX_VALUE - baseSteps) / Math.max(1, inputLength)) {
            return Long.MAX_VALUE;
        }
        return baseSteps + perChar * inputLength;
    }

    @Override
    public String toString() {
        return "RegexStepLimit[" + baseSteps + " + " + stepsPerChar + "/char]";
    }
}
