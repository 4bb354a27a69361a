package io.caracal.waf.internal.operator;

import java.util.BitSet;

/**
 * A cheap test that rules out a regular expression before it runs: the bytes one of which every
 * match must contain. Most values a WAF sees match none of its hundreds of patterns, and a
 * backtracking search tries every branch at every position; scanning the value for, say, a quote
 * or a dot first is far cheaper.
 *
 * <p>The set is derived from the (translated) pattern conservatively: a literal or a character
 * class requires one of its bytes; a sequence requires what its most selective non-optional part
 * requires; an alternation requires the union of its branches; anything optional, zero-width or
 * not understood requires nothing. Patterns with lookaround, back-references, inline flags other
 * than case-insensitivity, or syntax this reader does not know get no prefilter at all.
 */
final class RegexPrefilter {

    /** Sets larger than this rule out too few values to be worth the scan. */
    private static final int USEFUL_SIZE = 160;

    private final boolean[] needed = new boolean[256];

    private RegexPrefilter(BitSet set) {
        for (int c = set.nextSetBit(0); c >= 0 && c < 256; c = set.nextSetBit(c + 1)) {
            needed[c] = true;
        }
    }

    /** The prefilter of a java.util.regex pattern, or null when none is known or useful. */
    static RegexPrefilter of(String javaPattern) {
        try {
            Parser parser = new Parser(javaPattern);
            Need need = parser.alternation();
            if (parser.pos != javaPattern.length() || need.set == null || need.empty
                    || need.set.cardinality() > USEFUL_SIZE) {
                return null;
            }
            return new RegexPrefilter(need.set);
        } catch (Unsupported e) {
            return null;
        }
    }

    /** Whether {@code input} from {@code from} on contains a byte a match needs. */
    boolean mayMatch(String input, int from) {
        for (int i = from; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c > 0xFF || needed[c]) {
                return true;
            }
        }
        return false;
    }

    /**
     * How often values contain bytes of a set, roughly: the part of a sequence with the rarest
     * bytes rules out the most values (a quote or "<" beats "e").
     */
    private static final int[] FREQUENCY = new int[256];

    static {
        java.util.Arrays.fill(FREQUENCY, 2); // punctuation and control bytes: rare in ordinary values
        String letters = "zqxjkvbpygfwmucldrhsnioate"; // rarest first
        for (int i = 0; i < letters.length(); i++) {
            FREQUENCY[letters.charAt(i)] = 4 + i;
            FREQUENCY[Character.toUpperCase(letters.charAt(i))] = 4 + i;
        }
        for (char d = '0'; d <= '9'; d++) {
            FREQUENCY[d] = 25;
        }
        FREQUENCY[' '] = 30;
        FREQUENCY['-'] = 12;
        FREQUENCY['_'] = 12;
        FREQUENCY['.'] = 15;
        FREQUENCY['/'] = 15;
        for (int c = 0x80; c < 0x100; c++) {
            FREQUENCY[c] = 10;
        }
    }

    private static int cost(BitSet set) {
        int cost = 0;
        for (int c = set.nextSetBit(0); c >= 0 && c < 256; c = set.nextSetBit(c + 1)) {
            cost += FREQUENCY[c];
        }
        return cost;
    }

    /** What a part of a pattern needs: one of {@code set} (null: nothing known), or it may match empty. */
    private record Need(BitSet set, boolean empty) {
        static final Need NOTHING = new Need(null, true);
        static final Need ANY_ONE = new Need(null, false);
    }

    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    /** A recursive-descent reader of the subset of java.util.regex syntax the translator emits. */
    private static final class Parser {

        private final String p;
        private int pos;
        private boolean caseInsensitive;

        Parser(String pattern) {
            this.p = pattern;
        }

        Need alternation() throws Unsupported {
            BitSet union = new BitSet(256);
            boolean known = true;
            boolean empty = false;
            while (true) {
                Need branch = sequence();
                if (branch.empty) {
                    empty = true;
                } else if (branch.set == null) {
                    known = false;
                } else {
                    union.or(branch.set);
                }
                if (pos < p.length() && p.charAt(pos) == '|') {
                    pos++;
                    continue;
                }
                break;
            }
            if (empty) {
                return Need.NOTHING;
            }
            return known ? new Need(union, false) : Need.ANY_ONE;
        }

        private Need sequence() throws Unsupported {
            BitSet best = null;
            boolean empty = true;
            while (pos < p.length() && p.charAt(pos) != '|' && p.charAt(pos) != ')') {
                Need atom = quantified();
                if (!atom.empty) {
                    empty = false;
                    if (atom.set != null && (best == null || cost(atom.set) < cost(best))) {
                        best = atom.set;
                    }
                }
            }
            if (empty) {
                return Need.NOTHING;
            }
            return best == null ? Need.ANY_ONE : new Need(best, false);
        }

        private Need quantified() throws Unsupported {
            Need atom = atom();
            if (pos >= p.length()) {
                return atom;
            }
            char c = p.charAt(pos);
            int min = -1;
            if (c == '*' || c == '?') {
                min = 0;
                pos++;
            } else if (c == '+') {
                min = 1;
                pos++;
            } else if (c == '{') {
                int close = p.indexOf('}', pos);
                if (close < 0) {
                    throw new Unsupported();
                }
                String range = p.substring(pos + 1, close);
                String low = range.contains(",") ? range.substring(0, range.indexOf(',')) : range;
                if (!low.matches("\\d+")) {
                    throw new Unsupported();
                }
                min = Integer.parseInt(low);
                pos = close + 1;
            }
            if (min >= 0 && pos < p.length() && (p.charAt(pos) == '?' || p.charAt(pos) == '+')) {
                pos++; // lazy or possessive
            }
            return min == 0 ? Need.NOTHING : atom;
        }

        private Need atom() throws Unsupported {
            char c = p.charAt(pos);
            switch (c) {
                case '(' -> {
                    return group();
                }
                case '[' -> {
                    return new Need(characterClass(), false);
                }
                case '.' -> {
                    pos++;
                    return Need.ANY_ONE;
                }
                case '^', '$' -> {
                    pos++;
                    return Need.NOTHING;
                }
                case '\\' -> {
                    return escape();
                }
                case '*', '+', '?', '{', '|', ')' -> throw new Unsupported();
                default -> {
                    pos++;
                    return new Need(literal(c), false);
                }
            }
        }

        private Need group() throws Unsupported {
            pos++; // (
            boolean saved = caseInsensitive;
            if (p.startsWith("?:", pos)) {
                pos += 2;
            } else if (p.startsWith("?i:", pos)) {
                pos += 3;
                caseInsensitive = true;
            } else if (p.startsWith("?i)", pos)) {
                // (?i) switches case-insensitivity on for the rest of the enclosing group.
                pos += 3;
                caseInsensitive = true;
                return Need.NOTHING;
            } else if (p.startsWith("?", pos)) {
                throw new Unsupported(); // lookaround, named groups, other flags, atomic groups
            }
            Need inner = alternation();
            if (pos >= p.length() || p.charAt(pos) != ')') {
                throw new Unsupported();
            }
            pos++;
            caseInsensitive = saved;
            return inner;
        }

        private Need escape() throws Unsupported {
            if (pos + 1 >= p.length()) {
                throw new Unsupported();
            }
            char e = p.charAt(pos + 1);
            pos += 2;
            BitSet set = new BitSet(256);
            switch (e) {
                case 'd' -> set.set('0', '9' + 1);
                case 'w' -> {
                    set.set('0', '9' + 1);
                    set.set('a', 'z' + 1);
                    set.set('A', 'Z' + 1);
                    set.set('_');
                }
                case 's' -> {
                    for (char w : new char[] {' ', '\t', '\n', 0x0B, '\f', '\r'}) {
                        set.set(w);
                    }
                }
                case 'b', 'B', 'A', 'z', 'Z', 'G' -> {
                    return Need.NOTHING;
                }
                case 'D', 'W', 'S', 'h', 'H', 'v', 'V', 'R', 'X' -> {
                    return Need.ANY_ONE;
                }
                case 'x' -> {
                    if (pos + 2 > p.length() || !isHex(p.charAt(pos)) || !isHex(p.charAt(pos + 1))) {
                        throw new Unsupported();
                    }
                    int value = Integer.parseInt(p.substring(pos, pos + 2), 16);
                    pos += 2;
                    return new Need(literal((char) value), false);
                }
                case 't' -> set.set('\t');
                case 'n' -> set.set('\n');
                case 'r' -> set.set('\r');
                case 'f' -> set.set('\f');
                case 'e' -> set.set(0x1B);
                case 'a' -> set.set(0x07);
                default -> {
                    if (Character.isLetterOrDigit(e)) {
                        throw new Unsupported(); // back-references, \p, \Q, octal … not read here
                    }
                    return new Need(literal(e), false);
                }
            }
            return new Need(set, false);
        }

        private BitSet characterClass() throws Unsupported {
            pos++; // [
            boolean negated = false;
            if (pos < p.length() && p.charAt(pos) == '^') {
                negated = true;
                pos++;
            }
            BitSet set = new BitSet(256);
            boolean first = true;
            while (pos < p.length() && (p.charAt(pos) != ']' || first)) {
                first = false;
                char c = p.charAt(pos);
                if (c == '[' || (c == '&' && p.startsWith("&&", pos))) {
                    throw new Unsupported();
                }
                int low;
                if (c == '\\') {
                    if (pos + 1 >= p.length()) {
                        throw new Unsupported();
                    }
                    char e = p.charAt(pos + 1);
                    if (e == 'x' && pos + 3 < p.length() && isHex(p.charAt(pos + 2)) && isHex(p.charAt(pos + 3))) {
                        low = Integer.parseInt(p.substring(pos + 2, pos + 4), 16);
                        pos += 4;
                    } else if (e == 'd' || e == 'w' || e == 's' || e == 'n' || e == 'r' || e == 't' || e == 'f'
                            || e == 'v') {
                        BitSet escaped = new BitSet(256);
                        switch (e) {
                            case 'd' -> escaped.set('0', '9' + 1);
                            case 'w' -> {
                                escaped.set('0', '9' + 1);
                                escaped.set('a', 'z' + 1);
                                escaped.set('A', 'Z' + 1);
                                escaped.set('_');
                            }
                            case 's' -> {
                                for (char w : new char[] {' ', '\t', '\n', 0x0B, '\f', '\r'}) {
                                    escaped.set(w);
                                }
                            }
                            case 'n' -> escaped.set('\n');
                            case 'r' -> escaped.set('\r');
                            case 't' -> escaped.set('\t');
                            case 'f' -> escaped.set('\f');
                            default -> {
                                // \v in java.util.regex is vertical whitespace: a class, not one char
                                escaped.set('\n');
                                escaped.set(0x0B);
                                escaped.set('\f');
                                escaped.set('\r');
                                escaped.set(0x85);
                            }
                        }
                        set.or(escaped);
                        pos += 2;
                        continue;
                    } else if (!Character.isLetterOrDigit(e)) {
                        low = e;
                        pos += 2;
                    } else {
                        throw new Unsupported();
                    }
                } else {
                    low = c;
                    pos++;
                }
                int high = low;
                if (pos + 1 < p.length() && p.charAt(pos) == '-' && p.charAt(pos + 1) != ']') {
                    pos++;
                    char h = p.charAt(pos);
                    if (h == '\\') {
                        if (pos + 3 < p.length() && p.charAt(pos + 1) == 'x' && isHex(p.charAt(pos + 2))
                                && isHex(p.charAt(pos + 3))) {
                            high = Integer.parseInt(p.substring(pos + 2, pos + 4), 16);
                            pos += 4;
                        } else if (pos + 1 < p.length() && !Character.isLetterOrDigit(p.charAt(pos + 1))) {
                            high = p.charAt(pos + 1);
                            pos += 2;
                        } else {
                            throw new Unsupported();
                        }
                    } else {
                        high = h;
                        pos++;
                    }
                }
                if (high > 0xFF || low > high) {
                    throw new Unsupported();
                }
                for (int v = low; v <= high; v++) {
                    set.set(v);
                    addOtherCase(set, v);
                }
            }
            if (pos >= p.length()) {
                throw new Unsupported();
            }
            pos++; // ]
            if (negated) {
                BitSet complement = new BitSet(256);
                complement.set(0, 256);
                complement.andNot(set);
                return complement;
            }
            return set;
        }

        private BitSet literal(char c) throws Unsupported {
            if (c > 0xFF) {
                throw new Unsupported();
            }
            BitSet set = new BitSet(256);
            set.set(c);
            addOtherCase(set, c);
            return set;
        }

        private void addOtherCase(BitSet set, int c) {
            if (!caseInsensitive) {
                return;
            }
            if (c >= 'a' && c <= 'z') {
                set.set(c - 32);
            } else if (c >= 'A' && c <= 'Z') {
                set.set(c + 32);
            }
        }

        private static boolean isHex(char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
    }
}
