package io.caracal.waf.internal.engine;

/** What evaluating one rule did to the flow of its phase. */
enum RuleOutcome {
    NO_MATCH,
    MATCHED,
    /** An {@code allow:phase} ended the phase. */
    STOP_PHASE
}
