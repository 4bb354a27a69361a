package io.caracal.waf.internal.operator;

import java.util.List;

/** {@code @pm}, {@code @pmFromFile}: case-insensitive search for any of a set of phrases. */
final class PmOperator implements Operator {

    private final PhraseMatcher matcher;

    PmOperator(List<String> phrases) {
        this.matcher = new PhraseMatcher(phrases);
    }

    @Override
    public boolean matches(String input, MatchContext context) {
        String phrase = matcher.firstMatch(input);
        if (phrase == null) {
            return false;
        }
        if (context.capturing()) {
            Captures.storeSingle(phrase, context);
        }
        return true;
    }
}
