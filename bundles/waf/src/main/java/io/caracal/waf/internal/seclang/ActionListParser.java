package io.caracal.waf.internal.seclang;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a rule's action list: comma-separated {@code name[:argument]} items, where an argument
 * may be single-quoted (and then contain commas; {@code \'} is a quote inside it).
 */
public final class ActionListParser {

    private ActionListParser() {
    }

    public static List<ActionSpec> parse(String location, String text) throws RuleSyntaxException {
        List<ActionSpec> actions = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int nameStart = i;
            while (i < n && text.charAt(i) != ':' && text.charAt(i) != ',') {
                i++;
            }
            String name = text.substring(nameStart, i).strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new RuleSyntaxException(location, "empty action in '" + text + "'");
            }
            String argument = null;
            if (i < n && text.charAt(i) == ':') {
                i++;
                while (i < n && text.charAt(i) == ' ') {
                    i++;
                }
                StringBuilder value = new StringBuilder();
                if (i < n && text.charAt(i) == '\'') {
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == '\\' && i + 1 < n && text.charAt(i + 1) == '\'') {
                            value.append('\'');
                            i += 2;
                        } else if (c == '\'') {
                            closed = true;
                            i++;
                            break;
                        } else {
                            value.append(c);
                            i++;
                        }
                    }
                    if (!closed) {
                        throw new RuleSyntaxException(location, "unterminated quote in action '" + name + "'");
                    }
                    while (i < n && text.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    while (i < n && text.charAt(i) != ',') {
                        value.append(text.charAt(i++));
                    }
                }
                argument = value.toString().strip();
            }
            actions.add(new ActionSpec(name, argument));
        }
        return actions;
    }
}
