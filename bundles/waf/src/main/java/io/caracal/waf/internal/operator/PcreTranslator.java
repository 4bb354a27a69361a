package io.caracal.waf.internal.operator;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
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
 * <li>\b and \B use ASCII word chars as in PCRE (Java 17 also counts Latin-1 letters);</li>
 * <li>character classes: see {@link PcreCharClass};</li>
 * <li>a '{' that does not start a valid quantifier is a literal in PCRE, an error in Java;</li>
 * <li>escapes: \ddd octal versus back-references, \x with 0-2 digits, \cX, \o{...}, unknown
 *     letter escapes (literal in PCRE), \Q...\E, \N, \C;</li>
 * <li>(?#...) comments, (?x) extended mode and (?U) ungreedy mode are applied here because Java
 *     has no or different equivalents; named groups get Java-legal names;</li>
 * <li>PCRE treats a pattern that starts with ".*" (dot-all) as anchored, so it never retries
 *     from later start positions; this is reported so the caller can anchor too, which keeps
 *     such patterns linear instead of quadratic.</li>
 * </ul>
 * Recursion, subroutine calls, conditionals, branch reset, callouts, \K and most backtracking
 * verbs have no java.util.regex equivalent and are rejected.
 */
final class PcreTranslator {

    /** Flags for {@link Pattern#compile(String, int)} that match ModSecurity's PCRE options. */
    static final int JAVA_FLAGS = Pattern.DOTALL | Pattern.UNIX_LINES;

    /**
     * The result: Java syntax, whether the pattern may be anchored at the start, and which
     * capturing groups sit inside negative assertions (PCRE never reports those as set, while
     * Java may leave values from the failed assertion attempt behind).
     */
    static final class JavaRegex {
        final String pattern;
        final boolean startsWithDotStar;
        final BitSet groupsInNegativeAssertions;

        JavaRegex(String pattern, boolean startsWithDotStar, BitSet groupsInNegativeAssertions) {
            this.pattern = pattern;
            this.startsWithDotStar = startsWithDotStar;
            this.groupsInNegativeAssertions = groupsInNegativeAssertions;
        }
    }

    private static final String WORD = "[a-zA-Z0-9_]";
    private static final String WORD_BOUNDARY = "(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))";
    private static final String NOT_WORD_BOUNDARY = "(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))";

    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')");

    /** Start-of-pattern verbs that only tune PCRE's optimizer; safe to drop. */
    private static final Set<String> HARMLESS_VERBS = Set.of("NO_START_OPT", "NO_AUTO_POSSESS");

    // Mode bits tracked here because they change how the pattern is read or must be emulated.
    private static final int EXTENDED = 1;
    private static final int UNGREEDY = 2;
    private static final int MULTILINE = 4;
    private static final int SINGLE_LINE = 8;
    /** Not a mode: marks a stacked group as a negative assertion. */
    private static final int NEGATIVE_ASSERTION = 1 << 16;

    private final PcreCursor in;
    private final StringBuilder out;
    private final Map<String, String> javaGroupNames = new HashMap<>();
    private final Set<String> definedNames = new HashSet<>();
    private final Deque<Integer> modeStack = new ArrayDeque<>();
    private final BitSet groupsInNegativeAssertions = new BitSet();
    private int negativeAssertionDepth;
    private int modes = SINGLE_LINE;
    private int groupCount;
    private int highestBackReference;
    /** Whether the item just translated may take a quantifier (PCRE: "nothing to repeat"). */
    private boolean repeatable;
    private boolean atomSeen;
    private boolean startsWithDotStar;
    private boolean topLevelAlternation;

    private PcreTranslator(String src) {
        this.in = new PcreCursor(src);
        this.out = new StringBuilder(src.length() + 32);
        // Names are collected first so that references may precede their group.
        Matcher names = GROUP_NAME.matcher(src);
        while (names.find()) {
            String name = names.group(1) != null ? names.group(1) : names.group(2);
            javaGroupNames.putIfAbsent(name, "pcreName" + (javaGroupNames.size() + 1));
        }
    }

    /**
     * Translates {@code pcre}; the result is to be compiled with {@link #JAVA_FLAGS}.
     *
     * @throws IllegalArgumentException with PCRE's view of what is wrong, or of what has no
     *     Java equivalent
     */
    static JavaRegex translate(String pcre) {
        PcreTranslator translator = new PcreTranslator(pcre);
        translator.translateAll();
        return new JavaRegex(translator.out.toString(), translator.startsWithDotStar && !translator.topLevelAlternation,
                translator.groupsInNegativeAssertions);
    }

    private void translateAll() {
        while (!in.atEnd()) {
            translateNext();
        }
        if (!modeStack.isEmpty()) {
            throw in.error("missing )");
        }
        if (highestBackReference > groupCount) {
            throw in.error("reference to non-existent subpattern");
        }
    }

    private void translateNext() {
        char c = in.peek();
        if ((modes & EXTENDED) != 0 && skipExtendedModeFiller(c)) {
            return;
        }
        boolean firstAtom = !atomSeen && modeStack.isEmpty();
        atomSeen = true;
        boolean wasRepeatable = repeatable;
        repeatable = true; // the cases below that are not atoms say otherwise
        switch (c) {
            case '\\':
                escape(wasRepeatable);
                break;
            case '[':
                characterClass();
                break;
            case '(':
                openGroup(wasRepeatable);
                break;
            case ')':
                closeGroup();
                break;
            case '$':
                out.append((modes & MULTILINE) != 0 ? "$" : "\\z");
                in.pos++;
                repeatable = false;
                break;
            case '*':
            case '+':
            case '?':
                quantifier(in.pos + 1, wasRepeatable);
                break;
            case '{':
                int end = braceQuantifierEnd(in.pos);
                if (end > 0) {
                    quantifier(end, wasRepeatable);
                } else {
                    out.append("\\{");
                    in.pos++;
                }
                break;
            case '.':
                startsWithDotStar |= firstAtom && (modes & SINGLE_LINE) != 0 && in.src.startsWith(".*", in.pos);
                out.append('.');
                in.pos++;
                break;
            case '|':
                topLevelAlternation |= modeStack.isEmpty();
                out.append('|');
                in.pos++;
                repeatable = false;
                break;
            case '^':
                out.append('^');
                in.pos++;
                repeatable = false;
                break;
            default:
                appendLiteral(c);
                in.pos++;
                break;
        }
    }

    /** In (?x) mode white space and #-comments outside classes are not part of the pattern. */
    private boolean skipExtendedModeFiller(char c) {
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            in.pos++;
            return true;
        }
        if (c == '#') {
            int newline = in.src.indexOf('\n', in.pos);
            in.pos = newline < 0 ? in.src.length() : newline + 1;
            return true;
        }
        return false;
    }

    // ---- quantifiers ----------------------------------------------------------------------

    /** The index after a valid {n}, {n,} or {n,m} at {@code start}, or -1 if the '{' is a literal. */
    private int braceQuantifierEnd(int start) {
        String src = in.src;
        int i = start + 1;
        int minStart = i;
        while (i < src.length() && PcreCursor.isDigit(src.charAt(i))) {
            i++;
        }
        int minEnd = i;
        if (i == minStart || i >= src.length()) {
            return -1;
        }
        int maxStart = -1;
        if (src.charAt(i) == ',') {
            maxStart = ++i;
            while (i < src.length() && PcreCursor.isDigit(src.charAt(i))) {
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
            throw in.error("number too big in {} quantifier");
        }
    }

    /** Copies the quantifier up to {@code end} with its lazy/possessive suffix, honouring (?U). */
    private void quantifier(int end, boolean afterRepeatable) {
        if (!afterRepeatable) {
            throw in.error("nothing to repeat");
        }
        repeatable = false;
        out.append(in.src, in.pos, end);
        in.pos = end;
        char suffix = in.atEnd() ? 0 : in.peek();
        boolean ungreedy = (modes & UNGREEDY) != 0;
        if (suffix == '+') {
            out.append('+');
            in.pos++;
        } else if (suffix == '?') {
            in.pos++;
            if (!ungreedy) {
                out.append('?');
            }
        } else if (ungreedy) {
            out.append('?');
        }
    }

    // ---- groups ---------------------------------------------------------------------------

    private void openGroup(boolean wasRepeatable) {
        repeatable = false; // nothing to repeat right after "(", nor after an option setting
        if (in.startsWith("(*")) {
            verb();
            return;
        }
        if (!in.startsWith("(?")) {
            newCapturingGroup();
            pushGroup("(");
            in.pos++;
            return;
        }
        int p = in.pos + 2;
        if (p >= in.src.length()) {
            throw in.error("unrecognized character after (? or (?-");
        }
        char c = in.src.charAt(p);
        switch (c) {
            case '#':
                int close = in.src.indexOf(')', p);
                if (close < 0) {
                    throw in.error("missing ) after comment");
                }
                in.pos = close + 1;
                atomSeen = false;
                repeatable = wasRepeatable; // a comment is invisible
                return;
            case ':':
            case '=':
            case '>':
                pushGroup(in.src.substring(in.pos, p + 1));
                in.pos = p + 1;
                return;
            case '!':
                pushNegativeAssertion("(?!");
                in.pos = p + 1;
                return;
            case '<':
                if (p + 1 < in.src.length() && in.src.charAt(p + 1) == '=') {
                    pushGroup("(?<=");
                    in.pos = p + 2;
                } else if (p + 1 < in.src.length() && in.src.charAt(p + 1) == '!') {
                    pushNegativeAssertion("(?<!");
                    in.pos = p + 2;
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
                throw in.error("branch reset groups (?|...) are not supported");
            case '(':
                throw in.error("conditional groups (?(...)...) are not supported");
            case 'R':
            case '&':
            case '+':
                throw in.error("recursion and subroutine calls are not supported");
            case 'C':
                throw in.error("callouts (?C...) are not supported");
            default:
                if (PcreCursor.isDigit(c) || (c == '-' && p + 1 < in.src.length() && PcreCursor.isDigit(in.src.charAt(p + 1)))) {
                    throw in.error("recursion and subroutine calls are not supported");
                }
                optionSetting(p);
        }
    }

    private void pythonStyleGroup(int p) {
        char kind = p < in.src.length() ? in.src.charAt(p) : 0;
        if (kind == '<') {
            namedGroup(p + 1, '>');
        } else if (kind == '=') {
            int close = in.src.indexOf(')', p);
            if (close < 0) {
                throw in.error("syntax error in subpattern name (missing terminator)");
            }
            out.append("\\k<").append(javaGroupName(in.src.substring(p + 1, close))).append('>');
            in.pos = close + 1;
            repeatable = true;
        } else if (kind == '>') {
            throw in.error("recursion and subroutine calls are not supported");
        } else {
            throw in.error("unrecognized character after (?P");
        }
    }

    private void namedGroup(int nameStart, char terminator) {
        int close = in.src.indexOf(terminator, nameStart);
        if (close < 0) {
            throw in.error("syntax error in subpattern name (missing terminator)");
        }
        String name = in.src.substring(nameStart, close);
        if (!definedNames.add(name)) {
            throw in.error("two named subpatterns have the same name");
        }
        newCapturingGroup();
        pushGroup("(?<" + javaGroupName(name) + ">");
        in.pos = close + 1;
    }

    private String javaGroupName(String pcreName) {
        String javaName = javaGroupNames.get(pcreName);
        if (javaName == null) {
            throw in.error("reference to non-existent subpattern '" + pcreName + "'");
        }
        return javaName;
    }

    /** Handles (?flags) and (?flags:...); {@code p} is just after "(?". */
    private void optionSetting(int p) {
        StringBuilder on = new StringBuilder();
        StringBuilder off = new StringBuilder();
        int newModes = modes;
        boolean negate = false;
        for (; p < in.src.length() && in.src.charAt(p) != ')' && in.src.charAt(p) != ':'; p++) {
            char flag = in.src.charAt(p);
            int bit = 0;
            switch (flag) {
                case '-':
                    if (negate) {
                        throw in.error("unrecognized character after (? or (?-");
                    }
                    negate = true;
                    break;
                case 'i':
                    (negate ? off : on).append(flag);
                    break;
                case 's':
                    (negate ? off : on).append(flag);
                    bit = SINGLE_LINE;
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
                    throw in.error("unrecognized character after (? or (?-");
            }
            if (bit != 0) {
                newModes = negate ? newModes & ~bit : newModes | bit;
            }
        }
        if (p >= in.src.length()) {
            throw in.error("missing ) after option setting");
        }
        String javaFlags = on + (off.length() > 0 ? "-" + off : "");
        if (in.src.charAt(p) == ')') {
            if (!javaFlags.isEmpty()) {
                out.append("(?").append(javaFlags).append(')');
            }
            atomSeen = false; // an option setting is not an atom: ".*" may still come first
        } else {
            pushGroup("(?" + javaFlags + ":");
        }
        modes = newModes;
        in.pos = p + 1;
    }

    private void verb() {
        int close = in.src.indexOf(')', in.pos);
        if (close < 0) {
            throw in.error("(*VERB) not terminated");
        }
        String verb = in.src.substring(in.pos + 2, close);
        if (verb.equals("FAIL") || verb.equals("F")) {
            out.append("(?!)");
        } else if (!HARMLESS_VERBS.contains(verb) && !verb.startsWith("LIMIT_")) {
            throw in.error("(*" + verb + ") is not supported");
        }
        in.pos = close + 1;
    }

    private void pushGroup(String javaOpening) {
        modeStack.push(modes);
        out.append(javaOpening);
    }

    private void pushNegativeAssertion(String javaOpening) {
        modeStack.push(modes | NEGATIVE_ASSERTION);
        negativeAssertionDepth++;
        out.append(javaOpening);
    }

    private void newCapturingGroup() {
        groupCount++;
        if (negativeAssertionDepth > 0) {
            groupsInNegativeAssertions.set(groupCount);
        }
    }

    private void closeGroup() {
        if (modeStack.isEmpty()) {
            throw in.error("unmatched parentheses");
        }
        int stacked = modeStack.pop();
        if ((stacked & NEGATIVE_ASSERTION) != 0) {
            negativeAssertionDepth--;
        }
        modes = stacked & ~NEGATIVE_ASSERTION;
        out.append(')');
        in.pos++;
        repeatable = true;
    }

    // ---- escapes --------------------------------------------------------------------------

    private void escape(boolean wasRepeatable) {
        if (in.pos + 1 >= in.src.length()) {
            throw in.error("\\ at end of pattern");
        }
        char c = in.src.charAt(in.pos + 1);
        in.pos += 2;
        int simple = PcreCursor.simpleEscape(c);
        if (simple >= 0) {
            appendCodeUnit(simple);
            return;
        }
        if (c >= '1' && c <= '9') {
            digitEscape(c);
            return;
        }
        switch (c) {
            case '0':
                in.pos--;
                appendCodeUnit(in.octal(3));
                return;
            case 'x':
                appendCodeUnit(in.hex());
                return;
            case 'o':
                appendCodeUnit(in.braceOctal());
                return;
            case 'c':
                appendCodeUnit(in.control());
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
                out.append('\\').append(c);
                return;
            case 'A':
            case 'z':
            case 'Z':
            case 'G':
                out.append('\\').append(c);
                repeatable = false;
                return;
            case 'b':
                out.append(WORD_BOUNDARY);
                repeatable = false;
                return;
            case 'B':
                out.append(NOT_WORD_BOUNDARY);
                repeatable = false;
                return;
            case 'N':
                if (!in.atEnd() && in.peek() == '{' && braceQuantifierEnd(in.pos) < 0) {
                    throw in.error("PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u");
                }
                out.append("[^\\n]");
                return;
            case 'C':
                out.append("(?s:.)");
                return;
            case 'p':
            case 'P':
                out.append(in.property(c));
                return;
            case 'Q':
                if (!quotedLiteral()) {
                    repeatable = wasRepeatable;
                }
                return;
            case 'E':
                repeatable = wasRepeatable;
                return;
            case 'g':
                gReference();
                return;
            case 'k':
                namedReference();
                return;
            case 'K':
                throw in.error("\\K is not supported");
            case 'L':
            case 'l':
            case 'U':
            case 'u':
                throw in.error("PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u");
            default:
                appendLiteral(c); // other letters and all punctuation stand for themselves
        }
    }

    /**
     * \1-\9...: a back-reference when below 8 or naming an earlier group; otherwise up to three
     * octal digits, or a literal 8 or 9.
     */
    private void digitEscape(char first) {
        int start = in.pos - 1;
        int end = start;
        while (end < in.src.length() && PcreCursor.isDigit(in.src.charAt(end)) && end - start < 9) {
            end++;
        }
        int number = Integer.parseInt(in.src.substring(start, end));
        if (number < 8 || number <= groupCount) {
            in.pos = end;
            backReference(number);
        } else if (first >= '8') {
            appendLiteral(first);
        } else {
            in.pos = start;
            appendCodeUnit(in.octal(3));
        }
    }

    private void backReference(int number) {
        highestBackReference = Math.max(highestBackReference, number);
        // Java would read a following digit as part of the group number.
        boolean digitFollows = !in.atEnd() && PcreCursor.isDigit(in.peek());
        out.append(digitFollows ? "(?:\\" + number + ")" : "\\" + number);
    }

    /** \gN, \g{N}, \g{-N}, \g-N and \g{name}. */
    private void gReference() {
        boolean braced = !in.atEnd() && in.peek() == '{';
        int start = braced ? in.pos + 1 : in.pos;
        int end = start;
        if (end < in.src.length() && in.src.charAt(end) == '-') {
            end++;
        }
        while (end < in.src.length() && (braced ? in.src.charAt(end) != '}' : PcreCursor.isDigit(in.src.charAt(end)))) {
            end++;
        }
        if (braced && end >= in.src.length()) {
            throw in.error("\\g is not followed by a braced, angle-bracketed, or quoted name/number");
        }
        String reference = in.src.substring(start, end);
        in.pos = braced ? end + 1 : end;
        if (reference.matches("-?\\d+")) {
            int number = Integer.parseInt(reference);
            if (number < 0) {
                number = groupCount + 1 + number;
            }
            if (number < 1) {
                throw in.error("a numbered reference must not be zero");
            }
            backReference(number);
        } else if (braced && !reference.isEmpty()) {
            out.append("\\k<").append(javaGroupName(reference)).append('>');
        } else {
            throw in.error("\\g is not followed by a braced, angle-bracketed, or quoted name/number"
                    + " (\\g<...> subroutine calls are not supported)");
        }
    }

    /** \k<name>, \k'name', \k{name}. */
    private void namedReference() {
        char open = in.atEnd() ? 0 : in.peek();
        char close = open == '<' ? '>' : open == '\'' ? '\'' : open == '{' ? '}' : 0;
        int end = close == 0 ? -1 : in.src.indexOf(close, in.pos + 1);
        if (end < 0) {
            throw in.error("\\k is not followed by a braced, angle-bracketed, or quoted name");
        }
        out.append("\\k<").append(javaGroupName(in.src.substring(in.pos + 1, end))).append('>');
        in.pos = end + 1;
    }

    /** Copies \\Q...\\E literally; returns whether it held any char. */
    private boolean quotedLiteral() {
        int end = in.src.indexOf("\\E", in.pos);
        int stop = end < 0 ? in.src.length() : end;
        for (int i = in.pos; i < stop; i++) {
            appendLiteral(in.src.charAt(i));
        }
        boolean empty = stop == in.pos;
        in.pos = end < 0 ? stop : end + 2;
        return !empty;
    }

    private void characterClass() {
        if (PcreCharClass.posixClassEnd(in.src, in.pos) > 0) {
            throw in.error("POSIX named classes are supported only within a class");
        }
        out.append(PcreCharClass.translate(in));
    }

    // ---- output ---------------------------------------------------------------------------

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
        out.append(PcreCursor.javaCodeUnit(c));
    }
}
