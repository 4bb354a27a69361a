package io.caracal.waf.internal.seclang;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a rule's variable list on {@code |}, keeping a {@code /regex/} or {@code 'quoted'}
 * selector whole even when it contains a {@code |}.
 */
public final class VariableListParser {

    private VariableListParser() {
    }

    public static List<VariableSpec> parse(String location, String text) throws RuleSyntaxException {
        List<VariableSpec> specs = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == '|' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            boolean exclusion = false;
            boolean count = false;
            while (i < n && (text.charAt(i) == '!' || text.charAt(i) == '&')) {
                if (text.charAt(i) == '!') {
                    exclusion = true;
                } else {
                    count = true;
                }
                i++;
            }
            int nameStart = i;
            while (i < n && text.charAt(i) != ':' && text.charAt(i) != '|') {
                i++;
            }
            String collection = text.substring(nameStart, i).strip().toUpperCase(Locale.ROOT);
            if (collection.isEmpty()) {
                throw new RuleSyntaxException(location, "empty variable in '" + text + "'");
            }
            String key = null;
            boolean regex = false;
            if (i < n && text.charAt(i) == ':') {
                i++;
                if (i < n && text.charAt(i) == '\'') {
                    int end = text.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new RuleSyntaxException(location, "unterminated quote in variable '" + text + "'");
                    }
                    key = text.substring(i + 1, end);
                    i = end + 1;
                } else if (i < n && text.charAt(i) == '/' && !(collection.equals("XML"))) {
                    int end = regexEnd(text, i + 1);
                    if (end < 0) {
                        throw new RuleSyntaxException(location, "unterminated regular expression in variable '" + text + "'");
                    }
                    key = text.substring(i + 1, end);
                    regex = true;
                    i = end + 1;
                } else {
                    int keyStart = i;
                    while (i < n && text.charAt(i) != '|') {
                        i++;
                    }
                    key = text.substring(keyStart, i).strip();
                }
                if (key.length() > 1 && key.startsWith("/") && key.endsWith("/") && !collection.equals("XML")) {
                    key = key.substring(1, key.length() - 1);
                    regex = true;
                }
            }
            specs.add(new VariableSpec(collection, key, regex, exclusion, count));
        }
        if (specs.isEmpty()) {
            throw new RuleSyntaxException(location, "a rule needs at least one variable");
        }
        return specs;
    }

    /** The index of the slash that closes a regular expression starting at {@code from}. */
    private static int regexEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '/' && (i + 1 == text.length() || text.charAt(i + 1) == '|')) {
                return i;
            }
        }
        return -1;
    }
}
