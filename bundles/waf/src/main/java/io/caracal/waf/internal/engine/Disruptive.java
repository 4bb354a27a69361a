package io.caracal.waf.internal.engine;

/** What a rule does to the transaction when it matches. */
enum Disruptive {
    /** Not given: the phase's default action applies. */
    INHERIT,
    PASS,
    /** The phase's default disruptive action (with CRS in anomaly mode: pass). */
    BLOCK,
    DENY,
    /** Close the connection in ModSecurity; the proxy denies instead. */
    DROP,
    /** Redirect in ModSecurity; the proxy denies instead. */
    REDIRECT,
    /** Stop evaluating rules for the whole transaction. */
    ALLOW,
    /** Stop evaluating rules of the current phase. */
    ALLOW_PHASE,
    /** Stop evaluating rules of the request phases. */
    ALLOW_REQUEST;

    boolean interrupts() {
        return this == DENY || this == DROP || this == REDIRECT;
    }
}
