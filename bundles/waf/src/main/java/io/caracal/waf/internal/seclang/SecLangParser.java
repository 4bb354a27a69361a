package io.caracal.waf.internal.seclang;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a rule file into directives, as ModSecurity reads its configuration: one directive per
 * logical line (a trailing backslash continues it), {@code #} comments, arguments separated by
 * blanks and optionally double-quoted, {@code \"} standing for a quote inside a quoted argument.
 */
public final class SecLangParser {

    private SecLangParser() {
    }

    public static List<Directive> parse(String file, String content) throws RuleSyntaxException {
        List<Directive> directives = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        StringBuilder logical = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (logical.length() == 0) {
                start = i + 1;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
            }
            String stripped = stripTrailing(line);
            if (stripped.endsWith("\\")) {
                logical.append(stripped, 0, stripped.length() - 1);
                if (i < lines.length - 1) {
                    continue;
                }
            } else {
                logical.append(line);
            }
            Directive directive = directive(file, start, logical.toString());
            if (directive != null) {
                directives.add(directive);
            }
            logical.setLength(0);
        }
        return directives;
    }

    private static String stripTrailing(String line) {
        int end = line.length();
        while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end);
    }

    private static Directive directive(String file, int line, String text) throws RuleSyntaxException {
        List<String> words = words(file + ":" + line, text);
        if (words.isEmpty()) {
            return null;
        }
        return new Directive(words.get(0), words.subList(1, words.size()), file, line);
    }

    /** The blank-separated words of a directive, with double quotes removed. */
    static List<String> words(String location, String text) throws RuleSyntaxException {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            StringBuilder word = new StringBuilder();
            if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = text.charAt(i);
                    if (d == '\\' && i + 1 < n && text.charAt(i + 1) == '"') {
                        word.append('"');
                        i += 2;
                    } else if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new RuleSyntaxException(location, "unterminated quoted argument");
                }
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    word.append(text.charAt(i++));
                }
            }
            words.add(word.toString());
        }
        return words;
    }
}
