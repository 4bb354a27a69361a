package io.caracal.waf.internal.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of the Apache/ModSecurity configuration syntax to pull the operators out of
 * SecRule directives: backslash line continuations, quoted arguments with \" and \\ escapes,
 * "!@name argument" operators and the implicit @rx.
 */
final class SecRuleReader {

    /** One SecRule operator. {@code id} is the rule id, or "chained to &lt;id&gt;" for a chained rule. */
    record RuleOperator(Path file, int line, String id, boolean negated, String name, String argument) {
        @Override
        public String toString() {
            return "rule " + id + " (" + file.getFileName() + ":" + line + ") @" + name;
        }
    }

    private static final Pattern ID = Pattern.compile("(?:^|[,\\s\"'])id:'?(\\d+)");

    private SecRuleReader() {
    }

    static List<RuleOperator> read(Path file) throws IOException {
        List<String> physical = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        List<RuleOperator> operators = new ArrayList<>();
        String lastId = "?";
        StringBuilder logical = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < physical.size(); i++) {
            String line = stripTrailingSpace(physical.get(i));
            if (logical.length() == 0) {
                startLine = i + 1;
                if (line.trim().startsWith("#")) {
                    continue;
                }
            }
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1);
                continue;
            }
            logical.append(line);
            String directive = logical.toString().trim();
            logical.setLength(0);
            if (!directive.startsWith("SecRule ") && !directive.startsWith("SecRule\t")) {
                continue;
            }
            List<String> tokens = tokens(directive);
            if (tokens.size() < 3) {
                throw new IllegalStateException(file + ":" + startLine + ": SecRule needs variables and an operator");
            }
            String actions = tokens.size() > 3 ? tokens.get(3) : "";
            Matcher id = ID.matcher(actions);
            String ruleId = id.find() ? id.group(1) : "chained to " + lastId;
            if (id.find(0)) {
                lastId = id.group(1);
            }
            operators.add(operator(file, startLine, ruleId, tokens.get(2)));
        }
        return operators;
    }

    private static RuleOperator operator(Path file, int line, String id, String token) {
        String text = token;
        boolean negated = text.startsWith("!");
        if (negated) {
            text = text.substring(1);
        }
        if (!text.startsWith("@")) {
            return new RuleOperator(file, line, id, negated, "rx", text);
        }
        int space = indexOfSpace(text);
        String name = space < 0 ? text.substring(1) : text.substring(1, space);
        String argument = space < 0 ? "" : text.substring(space).replaceFirst("^[ \\t]+", "");
        return new RuleOperator(file, line, id, negated, name, argument);
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    /** Splits a directive into words; quoted words lose their quotes, \" and \\ inside them are unescaped (as Apache does). */
    static List<String> tokens(String directive) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int length = directive.length();
        while (i < length) {
            char c = directive.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            StringBuilder token = new StringBuilder();
            if (c == '"' || c == '\'') {
                char quote = c;
                i++;
                while (i < length && directive.charAt(i) != quote) {
                    char d = directive.charAt(i);
                    if (d == '\\' && i + 1 < length && (directive.charAt(i + 1) == quote || directive.charAt(i + 1) == '\\')) {
                        token.append(directive.charAt(i + 1));
                        i += 2;
                    } else {
                        token.append(d);
                        i++;
                    }
                }
                i++;
            } else {
                while (i < length && directive.charAt(i) != ' ' && directive.charAt(i) != '\t') {
                    token.append(directive.charAt(i++));
                }
            }
            tokens.add(token.toString());
        }
        return tokens;
    }

    private static String stripTrailingSpace(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }
}
