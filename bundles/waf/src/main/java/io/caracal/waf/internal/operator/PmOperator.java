package io.caracal.waf.internal.operator;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.caracal.waf.internal.prefilter.Condition;

/** {@code @pm}, {@code @pmFromFile}: case-insensitive search for any of a set of phrases. */
final class PmOperator implements Operator {

    private final PhraseMatcher matcher;
    private final Condition condition;

    PmOperator(List<String> phrases) {
        this.matcher = new PhraseMatcher(phrases);
        this.condition = condition(phrases);
    }

    /** A match contains one of the phrases, ASCII-folded as the matcher folds them. */
    private static Condition condition(List<String> phrases) {
        Set<String> folded = new LinkedHashSet<>();
        for (String phrase : phrases) {
            if (phrase.chars().anyMatch(c -> c > 0xFF)) {
                return Condition.ALL;
            }
            folded.add(AsciiLowerCaseView.toLower(phrase));
        }
        return folded.isEmpty() ? Condition.ALL : Condition.anyOf(folded);
    }

    @Override
    public Condition condition() {
        return condition;
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
