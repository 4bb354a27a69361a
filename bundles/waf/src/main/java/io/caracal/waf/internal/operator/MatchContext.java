package io.caracal.waf.internal.operator;

/** What an operator needs from the transaction that evaluates it; implemented by the engine. */
public interface MatchContext {

    /** Expands macros such as {@code %{tx.name}} or {@code %{REQUEST_HEADERS.host}} in {@code text}. */
    String expand(String text);

    /** Whether the rule has the {@code capture} action, so matches are to be stored in TX.0-TX.9. */
    boolean capturing();

    /**
     * Stores capture {@code index} (0-9). A {@code null} value means the variable is to be
     * removed: like ModSecurity, a regex match unsets TX.n for every n above the last group
     * that took part in the match, so values from earlier rules do not linger.
     */
    void capture(int index, String value);

    /**
     * Told when a regular expression gave up because it exceeded its step limit (or ran out of
     * stack on a very long input). The operator then reports "no match", like ModSecurity does
     * when PCRE hits its match limit (where it sets MSC_PCRE_LIMITS_EXCEEDED). Engines can count
     * these or set a variable; the default ignores them.
     *
     * @param operator the operator name, e.g. "rx" or "verifyCC"
     * @param pattern the (expanded) regular expression as written in the rule
     */
    default void matchLimitExceeded(String operator, String pattern) {
    }
}
