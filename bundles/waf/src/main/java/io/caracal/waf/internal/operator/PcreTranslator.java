package io.caracal.waf.internal.operator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a PCRE pattern, as ModSecurity compiles it (PCRE_DOTALL | PCRE_DOLLAR_ENDONLY, byte
 * mode, C-locale tables), into java.util.regex syntax with the same meaning on byte strings.
 *
 * <p>Where the two dialects differ:
 * <ul>
 * <li>'$' only matches at the very end (DOLLAR_ENDONLY) unless (?m) is on: emitted as \z;</li>
 * <li>\b and \B use ASCII word chars like PCRE (Java 17 also counts Latin-1 letters);</li>
 * <li>inside [...] a '[' or "&&" is literal in PCRE but nests or intersects in Java, so every
 *     literal in a class is emitted escaped; POSIX [:name:] classes are rewritten;</li>
 * <li>a '{' that does not start a valid quantifier is a literal in PCRE, an error in Java;</li>
 * <li>escapes: \ddd octal and back-references are disambiguated, \x with 0-2 digits, \cX,
 *     \o{...}, unknown letter escapes (literal in PCRE), \Q...\E, \N, \C;</li>
 * <li>(?#...) comments, (?x) extended mode and (?U) ungreedy mode are applied here because Java
 *     has no or different equivalents; named groups are renamed to Java-legal names.</li>
 * </ul>
 * Recursion, subroutine calls, conditionals, branch reset, callouts, \K and most backtracking
 * verbs have no java.util.regex equivalent and are rejected.
 */
final class PcreTranslator {

    /** Flags for {@link Pattern#compile(String, int)} that match ModSecurity's PCRE options. */
    static final int JAVA_FLAGS = Pattern.DOTALL | Pattern.UNIX_LINES;

    private static final String WORD = "[a-zA-Z0-9_]";
    private static final String WORD_BOUNDARY = "(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))";
    private static final String NOT_WORD_BOUNDARY = "(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))";

    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')");

    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("alpha", "\\p{Alpha}"),
            Map.entry("ascii", "\\x{0}-\\x{7F}"),
            Map.entry("blank", " \\t"),
            Map.entry("cntrl", "\\p{Cntrl}"),
            Map.entry("digit", "0-9"),
            Map.entry("graph", "\\p{Graph}"),
            Map.entry("lower", "\\p{Lower}"),
            Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"),
            Map.entry("space", "\\t-\\r "),
            Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"),
            Map.entry("xdigit", "0-9A-Fa-f"));

    /** Start-of-pattern verbs that only tune PCRE's optimizer or limits; safe to drop. */
    private static final Set<String> HARMLESS_VERBS = Set.of("NO_START_OPT", "NO_AUTO_POSSESS");

    // Mode bits tracked here because they change how the pattern is read or must be emulated.
    private static final int EXTENDED = 1;
    private static final int UNGREEDY = 2;
    private static final int MULTILINE = 4;

    private final String src;
    private final StringBuilder out;
    private final Map<String, String> javaGroupNames = new HashMap<>();
    private final Set<String> definedNames = new HashSet<>();
    private final Deque<Integer> modeStack = new ArrayDeque<>();
    private int pos;
    private int modes;
    private int groupCount;
    private int highestBackReference;
    private int lastQuantifierEnd = -1;
    private boolean classQuoting;

    private PcreTranslator(String src) {
        this.src = src;
        this.out = new StringBuilder(src.length() + 32);
        Matcher names = GROUP_NAME.matcher(src);
        while (names.find()) {
            String name = names.group(1) != null ? names.group(1) : names.group(2);
            javaGroupNames.putIfAbsent(name, "pcreName" + (javaGroupNames.size() + 1));
        }
    }

    /**
     * Returns the java.util.regex form of {@code pcre}, to be compiled with {@link #JAVA_FLAGS}.
     *
     * @throws IllegalArgumentException with PCRE's view of what is wrong, or of what has no
     *     Java equivalent
     */
    static String translate(String pcre) {
        PcreTranslator translator = new PcreTranslator(pcre);
        translator.translateAll();
        return translator.out.toString();
    }

    private void translateAll() {
        while (pos < src.length()) {
            translateNext();
        }
        if (!modeStack.isEmpty()) {
            throw error("missing )");
        }
        if (highestBackReference > groupCount) {
            throw error("reference to non-existent subpattern");
        }
    }

    private void translateNext() {
        char c = src.charAt(pos);
        if ((modes & EXTENDED) != 0) {
            if (isPcreSpace(c)) {
                pos++;
                return;
            }
            if (c == '#') {
                int newline = src.indexOf('\n', pos);
                pos = newline < 0 ? src.length() : newline + 1;
                return;
            }
        }
        switch (c) {
            case '\\':
                escape();
                break;
            case '[':
                characterClass();
                break;
            case '(':
                openGroup();
                break;
            case ')':
                closeGroup();
                break;
            case '$':
                out.append((modes & MULTILINE) != 0 ? "$" : "\\z");
                pos++;
                break;
            case '*':
            case '+':
            case '?':
                quantifier(pos + 1);
                break;
            case '{':
                int end = braceQuantifierEnd(pos);
                if (end > 0) {
                    quantifier(end);
                } else {
                    out.append("\\{");
                    pos++;
                }
                break;
            case '^':
            case '.':
            case '|':
                out.append(c);
                pos++;
                break;
            default:
                appendLiteral(c);
                pos++;
                break;
        }
    }

    // ---- quantifiers ----------------------------------------------------------------------

    /** Returns the index after a valid {n}, {n,} or {n,m} at {@code start}, or -1 if it is a literal '{'. */
    private int braceQuantifierEnd(int start) {
        int i = start + 1;
        int minStart = i;
        while (i < src.length() && isDigit(src.charAt(i))) {
            i++;
        }
        int minEnd = i;
        int maxStart = -1;
        if (i == minStart || i >= src.length()) {
            return -1;
        }
        if (src.charAt(i) == ',') {
            i++;
            maxStart = i;
            while (i < src.length() && isDigit(src.charAt(i))) {
                i++;
            }
        }
        if (i >= src.length() || src.charAt(i) != '}') {
            return -1;
        }
        checkRepeatCount(src.substring(minStart, minEnd));
        if (maxStart >= 0 && i > maxStart) {
            checkRepeatCount(src.substring(maxStart, i));
        }
        return i + 1;
    }

    private void checkRepeatCount(String digits) {
        if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
            throw error("number too big in {} quantifier");
        }
    }

    /** Copies the quantifier from {@code pos} to {@code end} plus its lazy/possessive suffix. */
    private void quantifier(int end) {
        if (pos == lastQuantifierEnd) {
            throw error("nothing to repeat");
        }
        out.append(src, pos, end);
        pos = end;
        char suffix = pos < src.length() ? src.charAt(pos) : 0;
        boolean ungreedy = (modes & UNGREEDY) != 0;
        if (suffix == '+') {
            out.append('+');
            pos++;
        } else if (suffix == '?') {
            pos++;
            if (!ungreedy) {
                out.append('?');
            }
        } else if (ungreedy) {
            out.append('?');
        }
        lastQuantifierEnd = pos;
    }

    // ---- groups ---------------------------------------------------------------------------

    private void openGroup() {
        if (src.startsWith("(*", pos)) {
            verb();
            return;
        }
        if (!src.startsWith("(?", pos)) {
            groupCount++;
            pushGroup("(");
            pos++;
            return;
        }
        int p = pos + 2;
        if (p >= src.length()) {
            throw error("unrecognized character after (? or (?-");
        }
        char c = src.charAt(p);
        switch (c) {
            case '#':
                int close = src.indexOf(')', p);
                if (close < 0) {
                    throw error("missing ) after comment");
                }
                pos = close + 1;
                return;
            case ':':
            case '=':
            case '!':
            case '>':
                pushGroup(src.substring(pos, p + 1));
                pos = p + 1;
                return;
            case '<':
                if (p + 1 < src.length() && (src.charAt(p + 1) == '=' || src.charAt(p + 1) == '!')) {
                    pushGroup(src.substring(pos, p + 2));
                    pos = p + 2;
                } else {
                    namedGroup(p + 1, '>');
                }
                return;
            case '\'':
                namedGroup(p + 1, '\'');
                return;
            case 'P':
                pythonStyleGroup(p + 1);
                return;
            case '|':
                throw error("branch reset groups (?|...) are not supported");
            case '(':
                throw error("conditional groups (?(...)...) are not supported");
            case 'R':
            case '&':
            case '+':
                throw error("recursion and subroutine calls are not supported");
            case 'C':
                throw error("callouts (?C...) are not supported");
            default:
                if (isDigit(c) || (c == '-' && p + 1 < src.length() && isDigit(src.charAt(p + 1)))) {
                    throw error("recursion and subroutine calls are not supported");
                }
                optionSetting(p);
        }
    }

    private void pythonStyleGroup(int p) {
        char kind = p < src.length() ? src.charAt(p) : 0;
        if (kind == '<') {
            namedGroup(p + 1, '>');
        } else if (kind == '=') {
            int close = src.indexOf(')', p);
            if (close < 0) {
                throw error("syntax error in subpattern name (missing terminator)");
            }
            out.append("\\k<").append(javaGroupName(src.substring(p + 1, close))).append('>');
            pos = close + 1;
        } else if (kind == '>') {
            throw error("recursion and subroutine calls are not supported");
        } else {
            throw error("unrecognized character after (?P");
        }
    }

    private void namedGroup(int nameStart, char terminator) {
        int close = src.indexOf(terminator, nameStart);
        if (close < 0) {
            throw error("syntax error in subpattern name (missing terminator)");
        }
        String name = src.substring(nameStart, close);
        if (!definedNames.add(name)) {
            throw error("two named subpatterns have the same name");
        }
        groupCount++;
        pushGroup("(?<" + javaGroupName(name) + ">");
        pos = close + 1;
    }

    private String javaGroupName(String pcreName) {
        String javaName = javaGroupNames.get(pcreName);
        if (javaName == null) {
            throw error("reference to non-existent subpattern '" + pcreName + "'");
        }
        return javaName;
    }

    /** Handles (?flags) and (?flags:...) starting at {@code p}, just after "(?". */
    private void optionSetting(int p) {
        StringBuilder on = new StringBuilder();
        StringBuilder off = new StringBuilder();
        int newModes = modes;
        boolean negate = false;
        while (p < src.length() && src.charAt(p) != ')' && src.charAt(p) != ':') {
            char flag = src.charAt(p);
            int bit = 0;
            switch (flag) {
                case '-':
                    if (negate) {
                        throw error("unrecognized character after (? or (?-");
                    }
                    negate = true;
                    break;
                case 'i':
                case 's':
                    (negate ? off : on).append(flag);
                    break;
                case 'm':
                    (negate ? off : on).append(flag);
                    bit = MULTILINE;
                    break;
                case 'x':
                    bit = EXTENDED;
                    break;
                case 'U':
                    bit = UNGREEDY;
                    break;
                case 'J':
                case 'X':
                    break; // duplicate names stay rejected; PCRE_EXTRA only tightens escapes
                default:
                    throw error("unrecognized character after (? or (?-");
            }
            if (bit != 0) {
                newModes = negate ? newModes & ~bit : newModes | bit;
            }
            p++;
        }
        if (p >= src.length()) {
            throw error("missing ) after option setting");
        }
        String javaFlags = on + (off.length() > 0 ? "-" + off : "");
        if (src.charAt(p) == ')') {
            if (!javaFlags.isEmpty()) {
                out.append("(?").append(javaFlags).append(')');
            }
            modes = newModes;
        } else {
            pushGroup("(?" + javaFlags + ":");
            modes = newModes;
        }
        pos = p + 1;
    }

    private void verb() {
        int close = src.indexOf(')', pos);
        if (close < 0) {
            throw error("(*VERB) not terminated");
        }
        String verb = src.substring(pos + 2, close);
        if (verb.equals("FAIL") || verb.equals("F")) {
            out.append("(?!)");
        } else if (!HARMLESS_VERBS.contains(verb) && !verb.startsWith("LIMIT_")) {
            throw error("(*" + verb + ") is not supported");
        }
        pos = close + 1;
    }

    private void pushGroup(String javaOpening) {
        modeStack.push(modes);
        out.append(javaOpening);
    }

    private void closeGroup() {
        if (modeStack.isEmpty()) {
            throw error("unmatched parentheses");
        }
        modes = modeStack.pop();
        out.append(')');
        pos++;
    }

    // ---- escapes outside classes ----------------------------------------------------------

    private void escape() {
        if (pos + 1 >= src.length()) {
            throw error("\\ at end of pattern");
        }
        char c = src.charAt(pos + 1);
        pos += 2;
        if (c >= '1' && c <= '9') {
            digitEscape(c);
            return;
        }
        switch (c) {
            case '0':
                appendCodeUnit(octal(0, 2));
                return;
            case 'x':
                appendCodeUnit(hexEscape());
                return;
            case 'o':
                appendCodeUnit(braceOctal());
                return;
            case 'c':
                appendCodeUnit(controlEscape());
                return;
            case 'a':
                appendCodeUnit(0x07);
                return;
            case 'e':
                appendCodeUnit(0x1B);
                return;
            case 'f':
                appendCodeUnit(0x0C);
                return;
            case 'n':
                appendCodeUnit(0x0A);
                return;
            case 'r':
                appendCodeUnit(0x0D);
                return;
            case 't':
                appendCodeUnit(0x09);
                return;
            case 'd':
            case 'D':
            case 's':
            case 'S':
            case 'w':
            case 'W':
            case 'h':
            case 'H':
            case 'v':
            case 'V':
            case 'R':
            case 'X':
            case 'A':
            case 'z':
            case 'Z':
            case 'G':
                out.append('\\').append(c);
                return;
            case 'b':
                out.append(WORD_BOUNDARY);
                return;
            case 'B':
                out.append(NOT_WORD_BOUNDARY);
                return;
            case 'N':
                out.append("[^\\n]");
                return;
            case 'C':
                out.append("(?s:.)");
                return;
            case 'p':
            case 'P':
                out.append(propertyEscape(c));
                return;
            case 'Q':
                quotedLiteral();
                return;
            case 'E':
                return;
            case 'g':
                backReference(gReference());
                return;
            case 'k':
                namedReference();
                return;
            case 'K':
                throw error("\\K is not supported");
            case 'L':
            case 'l':
            case 'U':
            case 'u':
                throw error("PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u");
            default:
                // Other letters and all punctuation stand for themselves in PCRE.
                appendLiteral(c);
        }
    }

    /** \1-\9...: a back-reference when small or naming an earlier group, else octal or a digit. */
    private void digitEscape(char first) {
        int start = pos - 1;
        int end = start;
        while (end < src.length() && isDigit(src.charAt(end)) && end - start < 9) {
            end++;
        }
        int number = Integer.parseInt(src.substring(start, end));
        if (number < 8 || number <= groupCount) {
            pos = end;
            backReference(number);
        } else if (first >= '8') {
            appendLiteral(first);
        } else {
            pos = start;
            appendCodeUnit(octal(0, 3));
        }
    }

    private void backReference(int number) {
        highestBackReference = Math.max(highestBackReference, number);
        // Java would read a following digit as part of the group number.
        boolean digitFollows = pos < src.length() && isDigit(src.charAt(pos));
        out.append(digitFollows ? "(?:\\" + number + ")" : "\\" + number);
    }

    private int gReference() {
        boolean braced = pos < src.length() && src.charAt(pos) == '{';
        int start = braced ? pos + 1 : pos;
        int end = start;
        if (end < src.length() && (src.charAt(end) == '-' || src.charAt(end) == '+')) {
            end++;
        }
        while (end < src.length() && (braced ? src.charAt(end) != '}' : isDigit(src.charAt(end)))) {
            end++;
        }
        String reference = src.substring(start, end);
        pos = braced ? end + 1 : end;
        if (braced && end >= src.length()) {
            throw error("\\g is not followed by a braced, angle-bracketed, or quoted name/number");
        }
        if (reference.matches("-\\d+")) {
            int number = groupCount + 1 + Integer.parseInt(reference);
            if (number < 1) {
                throw error("reference to non-existent subpattern");
            }
            return number;
        }
        if (reference.matches("\\d+")) {
            return Integer.parseInt(reference);
        }
        if (braced && !reference.isEmpty()) {
            out.append("\\k<").append(javaGroupName(reference)).append('>');
            return -1;
        }
        throw error("a numbered reference must not be zero or \\g<...> subroutine calls are not supported");
    }

    private void namedReference() {
        char open = pos < src.length() ? src.charAt(pos) : 0;
        char close = open == '<' ? '>' : open == '\'' ? '\'' : open == '{' ? '}' : 0;
        int end = close == 0 ? -1 : src.indexOf(close, pos + 1);
        if (end < 0) {
            throw error("\\k is not followed by a braced, angle-bracketed, or quoted name");
        }
        out.append("\\k<").append(javaGroupName(src.substring(pos + 1, end))).append('>');
        pos = end + 1;
    }

    private void quotedLiteral() {
        int end = src.indexOf("\\E", pos);
        int stop = end < 0 ? src.length() : end;
        for (int i = pos; i < stop; i++) {
            appendLiteral(src.charAt(i));
        }
        pos = end < 0 ? stop : end + 2;
    }

    // ---- character classes ----------------------------------------------------------------

    private void characterClass() {
        if (pos + 1 < src.length() && ":.=".indexOf(src.charAt(pos + 1)) >= 0 && posixClassEnd(pos) > 0) {
            throw error("POSIX named classes are supported only within a class");
        }
        pos++;
        StringBuilder cls = new StringBuilder("[");
        if (pos < src.length() && src.charAt(pos) == '^') {
            cls.append('^');
            pos++;
        }
        boolean first = true;
        classQuoting = false;
        while (true) {
            if (pos >= src.length()) {
                throw error("missing terminating ] for character class");
            }
            if (skipQuoteMarkers()) {
                continue;
            }
            if (!classQuoting && !first && src.charAt(pos) == ']') {
                pos++;
                break;
            }
            first = false;
            ClassItem item = classItem();
            if (item.isChar() && rangeFollows()) {
                pos++; // the '-'
                skipQuoteMarkers();
                ClassItem end = classItem();
                if (end.isChar()) {
                    if (end.codeUnit < item.codeUnit) {
                        throw error("range out of order in character class");
                    }
                    cls.append(escapedClassChar(item.codeUnit)).append('-').append(escapedClassChar(end.codeUnit));
                } else {
                    throw error("invalid range in character class");
                }
            } else {
                cls.append(item.isChar() ? escapedClassChar(item.codeUnit) : item.javaSyntax);
            }
        }
        out.append(cls).append(']');
    }

    /** Consumes \Q or \E inside a class; returns true if one was consumed. */
    private boolean skipQuoteMarkers() {
        if (src.startsWith("\\E", pos)) {
            classQuoting = false;
            pos += 2;
            return true;
        }
        if (!classQuoting && src.startsWith("\\Q", pos)) {
            classQuoting = true;
            pos += 2;
            return true;
        }
        return false;
    }

    private boolean rangeFollows() {
        if (pos + 1 >= src.length() || src.charAt(pos) != '-') {
            return false;
        }
        return classQuoting || src.charAt(pos + 1) != ']';
    }

    private ClassItem classItem() {
        char c = src.charAt(pos);
        if (classQuoting) {
            pos++;
            return ClassItem.ofChar(c);
        }
        if (c == '[') {
            int end = posixClassEnd(pos);
            if (end > 0) {
                return posixClass(end);
            }
            pos++;
            return ClassItem.ofChar('[');
        }
        if (c != '\\') {
            pos++;
            return ClassItem.ofChar(c);
        }
        if (pos + 1 >= src.length()) {
            throw error("\\ at end of pattern");
        }
        char e = src.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case 'b':
                return ClassItem.ofChar(0x08);
            case 'x':
                return ClassItem.ofChar(hexEscape());
            case 'o':
                return ClassItem.ofChar(braceOctal());
            case 'c':
                return ClassItem.ofChar(controlEscape());
            case 'a':
                return ClassItem.ofChar(0x07);
            case 'e':
                return ClassItem.ofChar(0x1B);
            case 'f':
                return ClassItem.ofChar(0x0C);
            case 'n':
                return ClassItem.ofChar(0x0A);
            case 'r':
                return ClassItem.ofChar(0x0D);
            case 't':
                return ClassItem.ofChar(0x09);
            case 'd':
            case 'D':
            case 's':
            case 'S':
            case 'w':
            case 'W':
            case 'h':
            case 'H':
            case 'v':
            case 'V':
                return ClassItem.ofSyntax("\\" + e);
            case 'p':
            case 'P':
                return ClassItem.ofSyntax(propertyEscape(e));
            case 'B':
            case 'R':
            case 'X':
            case 'N':
                throw error("escape sequence \\" + e + " is invalid in character class");
            case 'L':
            case 'l':
            case 'U':
            case 'u':
                throw error("PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u");
            default:
                if (e >= '0' && e <= '7') {
                    pos--;
                    return ClassItem.ofChar(octal(0, 3));
                }
                return ClassItem.ofChar(e); // \8, \9, other letters and punctuation are literal
        }
    }

    /** If a POSIX class like [:alpha:] starts at {@code start}, returns the index after it, else -1. */
    private int posixClassEnd(int start) {
        if (start + 1 >= src.length()) {
            return -1;
        }
        char kind = src.charAt(start + 1);
        if (kind != ':' && kind != '.' && kind != '=') {
            return -1;
        }
        // Same scan as PCRE: an escaped ] or backslash is skipped; a ] or [ + kind ends the attempt.
        for (int i = start + 2; i + 1 < src.length(); i++) {
            char c = src.charAt(i);
            char next = src.charAt(i + 1);
            if (c == '\\' && (next == ']' || next == '\\')) {
                i++;
            } else if ((c == '[' && next == kind) || c == ']') {
                return -1;
            } else if (c == kind && next == ']') {
                return i + 2;
            }
        }
        return -1;
    }

    private ClassItem posixClass(int end) {
        char kind = src.charAt(pos + 1);
        if (kind != ':') {
            throw error("POSIX collating elements are not supported");
        }
        String name = src.substring(pos + 2, end - 2);
        boolean negated = name.startsWith("^");
        String javaSet = POSIX_CLASSES.get(negated ? name.substring(1) : name);
        if (javaSet == null) {
            throw error("unknown POSIX class name");
        }
        pos = end;
        return ClassItem.ofSyntax(negated ? "[^" + javaSet + "]" : "[" + javaSet + "]");
    }

    // ---- shared escape readers (pos is just after the escape letter) ------------------------

    /** Reads up to {@code maxDigits} more octal digits after an initial value. */
    private int octal(int initial, int maxDigits) {
        int value = initial;
        int digits = 0;
        while (digits < maxDigits && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7') {
            value = value * 8 + (src.charAt(pos) - '0');
            pos++;
            digits++;
        }
        if (value > 0xFF) {
            throw error("octal value is greater than \\377 in 8-bit non-UTF mode");
        }
        return value;
    }

    private int hexEscape() {
        if (pos < src.length() && src.charAt(pos) == '{') {
            int end = pos + 1;
            while (end < src.length() && isHexDigit(src.charAt(end))) {
                end++;
            }
            if (end >= src.length() || src.charAt(end) != '}') {
                throw error("non-hex character in \\x{} (closing brace missing?)");
            }
            String digits = src.substring(pos + 1, end);
            if (digits.isEmpty()) {
                throw error("digits missing in \\x{} or \\o{}");
            }
            if (digits.replaceFirst("^0+", "").length() > 2) {
                throw error("character value in \\x{} or \\o{} is too large");
            }
            pos = end + 1;
            return Integer.parseInt(digits, 16);
        }
        int value = 0;
        for (int digits = 0; digits < 2 && pos < src.length() && isHexDigit(src.charAt(pos)); digits++) {
            value = value * 16 + Character.digit(src.charAt(pos), 16);
            pos++;
        }
        return value;
    }

    private int braceOctal() {
        int close = src.indexOf('}', pos);
        if (pos >= src.length() || src.charAt(pos) != '{' || close < 0) {
            throw error("\\o is not followed by {...}");
        }
        String digits = src.substring(pos + 1, close);
        if (digits.isEmpty() || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '7')) {
            throw error("non-octal character in \\o{}");
        }
        if (digits.replaceFirst("^0+", "").length() > 3 || Integer.parseInt(digits, 8) > 0xFF) {
            throw error("character value in \\x{} or \\o{} is too large");
        }
        pos = close + 1;
        return Integer.parseInt(digits, 8);
    }

    private int controlEscape() {
        if (pos >= src.length()) {
            throw error("\\c at end of pattern");
        }
        char c = src.charAt(pos++);
        if (c > 127) {
            throw error("\\c must be followed by an ASCII character");
        }
        return Character.toUpperCase(c) ^ 0x40;
    }

    private String propertyEscape(char letter) {
        if (pos >= src.length()) {
            throw error("malformed \\P or \\p sequence");
        }
        if (src.charAt(pos) != '{') {
            return "\\" + letter + src.charAt(pos++);
        }
        int close = src.indexOf('}', pos);
        if (close < 0) {
            throw error("malformed \\P or \\p sequence");
        }
        String name = src.substring(pos + 1, close);
        pos = close + 1;
        if (name.startsWith("^")) {
            name = name.substring(1);
            letter = letter == 'p' ? 'P' : 'p';
        }
        return "\\" + letter + "{" + name + "}";
    }

    // ---- output helpers -------------------------------------------------------------------

    private void appendLiteral(char c) {
        if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
            out.append('\\').append(c);
        } else if (c < 0x20 || c == 0x7F) {
            appendCodeUnit(c);
        } else {
            out.append(c);
        }
    }

    private void appendCodeUnit(int c) {
        out.append(javaCodeUnit(c));
    }

    private static String javaCodeUnit(int c) {
        return "\\x{" + Integer.toHexString(c).toUpperCase(Locale.ROOT) + "}";
    }

    private static String escapedClassChar(int c) {
        return isAsciiAlnum((char) c) ? String.valueOf((char) c) : javaCodeUnit(c);
    }

    private IllegalArgumentException error(String reason) {
        return new IllegalArgumentException(reason + " at offset " + Math.min(pos, src.length()));
    }

    private static boolean isPcreSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** One member of a character class: a single code unit or a ready-made Java set. */
    private static final class ClassItem {
        final int codeUnit;
        final String javaSyntax;

        private ClassItem(int codeUnit, String javaSyntax) {
            this.codeUnit = codeUnit;
            this.javaSyntax = javaSyntax;
        }

        static ClassItem ofChar(int codeUnit) {
            return new ClassItem(codeUnit, null);
        }

        static ClassItem ofSyntax(String javaSyntax) {
            return new ClassItem(-1, javaSyntax);
        }

        boolean isChar() {
            return javaSyntax == null;
        }
    }
}
