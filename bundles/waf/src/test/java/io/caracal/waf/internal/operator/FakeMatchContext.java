package io.caracal.waf.internal.operator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A MatchContext for tests: macros from a map, captures recorded, limit events counted. */
final class FakeMatchContext implements MatchContext {

    private static final Pattern MACRO = Pattern.compile("%\\{([^}]+)\\}");

    final Map<String, String> variables = new HashMap<>();
    final Map<Integer, String> captures = new TreeMap<>();
    final List<String> limitEvents = new ArrayList<>();
    final List<String> expanded = new ArrayList<>();
    private final boolean capturing;

    FakeMatchContext(boolean capturing) {
        this.capturing = capturing;
    }

    static FakeMatchContext plain() {
        return new FakeMatchContext(false);
    }

    static FakeMatchContext withCapture() {
        return new FakeMatchContext(true);
    }

    FakeMatchContext with(String variable, String value) {
        variables.put(variable.toLowerCase(), value);
        return this;
    }

    @Override
    public String expand(String text) {
        expanded.add(text);
        Matcher m = MACRO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(variables.getOrDefault(m.group(1).toLowerCase(), "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public boolean capturing() {
        return capturing;
    }

    @Override
    public void capture(int index, String value) {
        if (value == null) {
            captures.remove(index);
        } else {
            captures.put(index, value);
        }
    }

    @Override
    public void matchLimitExceeded(String operator, String pattern) {
        limitEvents.add(operator + ": " + pattern);
    }
}
