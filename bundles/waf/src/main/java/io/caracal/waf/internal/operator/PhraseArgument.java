package io.caracal.waf.internal.operator;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the argument of {@code @pm}: phrases separated by white space, optionally enclosed in
 * double quotes as a whole, with {@code |hex|} sections for arbitrary bytes (as in Snort) and
 * the escapes {@code \: \; \\ \"}. Like ModSecurity, an argument with any other escape is taken
 * literally instead.
 */
final class PhraseArgument {

    private PhraseArgument() {
    }

    static List<String> phrases(String argument) {
        String content = decodeContent(argument);
        List<String> phrases = new ArrayList<>();
        for (String phrase : (content == null ? argument : content).split("[ \\t\\n\\x0B\\f\\r]+")) {
            if (!phrase.isEmpty()) {
                phrases.add(phrase);
            }
        }
        return phrases;
    }

    /** Returns the decoded argument, or null when it uses an unsupported escape. */
    private static String decodeContent(String argument) {
        String content = DataFileLines.trim(argument);
        if (content.length() >= 2 && content.charAt(0) == '"' && content.charAt(content.length() - 1) == '"') {
            content = content.substring(1, content.length() - 1);
        }
        StringBuilder out = new StringBuilder(content.length());
        boolean hexMode = false;
        boolean escaped = false;
        int pendingNibble = -1;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '|') {
                hexMode = !hexMode;
                pendingNibble = -1;
            } else if (!escaped && c == '\\') {
                escaped = true;
            } else if (hexMode) {
                int nibble = Character.digit(c, 16);
                if (nibble >= 0 && c < 0x80) {
                    if (pendingNibble < 0) {
                        pendingNibble = nibble;
                    } else {
                        out.append((char) (pendingNibble << 4 | nibble));
                        pendingNibble = -1;
                    }
                }
            } else if (escaped) {
                if (":;\\\"".indexOf(c) < 0) {
                    return null;
                }
                out.append(c);
                escaped = false;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
