package io.caracal.waf.internal.operator;

/** Signals inside this package that a regex search ran past its {@link RegexStepLimit}. */
final class RegexLimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Shared: it carries no state and no stack trace, so throwing it costs nothing. */
    static final RegexLimitExceededException INSTANCE = new RegexLimitExceededException();

    private RegexLimitExceededException() {
        super("regular expression step limit exceeded", null, false, false);
    }
}
