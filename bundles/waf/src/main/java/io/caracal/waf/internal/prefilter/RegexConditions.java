package io.caracal.waf.internal.prefilter;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Works out from a java.util.regex pattern (as the PCRE translator emits it) what every match
 * must contain, in the manner of RE2's prefilter: a part of the pattern that can only match a few
 * strings is kept as that set of strings (concatenations multiply such sets while they stay small),
 * anything else becomes a condition: a sequence requires each of its parts, an alternation one of
 * its branches, an optional or zero-width part nothing. Most values a WAF sees are ruled out for
 * most patterns by a word or byte they lack, without running the backtracking search.
 *
 * <p>Everything is folded to ASCII lower case, which only ever admits more values (java.util.regex
 * case-insensitivity without UNICODE_CASE folds ASCII only). Syntax this reader does not know makes
 * the whole pattern {@link Condition#ALL}.
 */
public final class RegexConditions {

    /** Largest string set a concatenation keeps before it turns into a condition. */
    private static final int MAX_EXACT = 16;

    private RegexConditions() {
    }

    /** The condition every value the pattern matches (anywhere in it) meets; {@link Condition#ALL} if none is known. */
    public static Condition of(String javaPattern) {
        try {
            Parser parser = new Parser(javaPattern);
            Info info = parser.alternation();
            if (parser.pos != javaPattern.length()) {
                return Condition.ALL;
            }
            return info.condition();
        } catch (Unsupported e) {
            return Condition.ALL;
        }
    }

    /** A part of a pattern: exactly one of a set of strings (folded), or a condition on what it matches. */
    private static final class Info {
        final Set<String> exact;
        final Condition match;

        private Info(Set<String> exact, Condition match) {
            this.exact = exact;
            this.match = match;
        }

        static Info exact(Set<String> strings) {
            return new Info(strings, null);
        }

        static Info exact(String s) {
            Set<String> set = new LinkedHashSet<>();
            set.add(s);
            return exact(set);
        }

        static Info match(Condition condition) {
            return new Info(null, condition);
        }

        static final Info EMPTY_WIDTH = exact(Set.of(""));

        Condition condition() {
            return exact != null ? Condition.anyOf(exact) : match;
        }
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

        Parser(String pattern) {
            this.p = pattern;
        }

        Info alternation() throws Unsupported {
            List<Info> branches = new ArrayList<>();
            while (true) {
                branches.add(sequence());
                if (pos < p.length() && p.charAt(pos) == '|') {
                    pos++;
                    continue;
                }
                break;
            }
            if (branches.size() == 1) {
                return branches.get(0);
            }
            boolean allExact = true;
            for (Info b : branches) {
                allExact &= b.exact != null;
            }
            if (allExact) {
                Set<String> union = new LinkedHashSet<>();
                for (Info b : branches) {
                    union.addAll(b.exact);
                }
                return Info.exact(union);
            }
            List<Condition> any = new ArrayList<>();
            for (Info b : branches) {
                any.add(b.condition());
            }
            return Info.match(Condition.or(any));
        }

        private Info sequence() throws Unsupported {
            Condition done = Condition.ALL;
            Set<String> tail = Set.of("");
            boolean exact = true;
            while (pos < p.length() && p.charAt(pos) != '|' && p.charAt(pos) != ')') {
                Info item = quantified();
                if (item.exact != null) {
                    if ((long) tail.size() * item.exact.size() <= MAX_EXACT) {
                        tail = cross(tail, item.exact);
                    } else {
                        done = Condition.and(done, Condition.anyOf(tail));
                        tail = item.exact;
                        exact = false;
                    }
                } else {
                    done = Condition.and(done, Condition.anyOf(tail));
                    done = Condition.and(done, item.match);
                    tail = Set.of("");
                    exact = false;
                }
            }
            if (exact) {
                return Info.exact(tail);
            }
            return Info.match(Condition.and(done, Condition.anyOf(tail)));
        }

        private static Set<String> cross(Set<String> left, Set<String> right) {
            Set<String> out = new LinkedHashSet<>();
            for (String l : left) {
                for (String r : right) {
                    out.add(l + r);
                }
            }
            return out;
        }

        private Info quantified() throws Unsupported {
            Info atom = atom();
            if (pos >= p.length()) {
                return atom;
            }
            char c = p.charAt(pos);
            int min;
            int max;
            if (c == '*') {
                min = 0;
                max = Integer.MAX_VALUE;
                pos++;
            } else if (c == '?') {
                min = 0;
                max = 1;
                pos++;
            } else if (c == '+') {
                min = 1;
                max = Integer.MAX_VALUE;
                pos++;
            } else if (c == '{') {
                int close = p.indexOf('}', pos);
                if (close < 0) {
                    throw new Unsupported();
                }
                String range = p.substring(pos + 1, close);
                int comma = range.indexOf(',');
                String low = comma < 0 ? range : range.substring(0, comma);
                String high = comma < 0 ? range : range.substring(comma + 1);
                if (!low.matches("\\d{1,6}") || !(high.isEmpty() || high.matches("\\d{1,6}"))) {
                    throw new Unsupported();
                }
                min = Integer.parseInt(low);
                max = high.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(high);
                pos = close + 1;
            } else {
                return atom;
            }
            if (pos < p.length() && (p.charAt(pos) == '?' || p.charAt(pos) == '+')) {
                pos++; // lazy or possessive: the same strings
            }
            if (min == 0) {
                if (max == 1 && atom.exact != null) {
                    Set<String> optional = new LinkedHashSet<>(atom.exact);
                    optional.add("");
                    return Info.exact(optional);
                }
                // Any number of repetitions: it requires nothing, but it is not empty either (what
                // comes before and after need not be adjacent).
                return Info.match(Condition.ALL);
            }
            if (min == 1 && max == 1) {
                return atom;
            }
            // At least one repetition: what one needs, the whole needs.
            return Info.match(atom.condition());
        }

        private Info atom() throws Unsupported {
            char c = p.charAt(pos);
            switch (c) {
                case '(':
                    return group();
                case '[':
                    return characterClass();
                case '.':
                    pos++;
                    return Info.match(Condition.ALL);
                case '^':
                case '$':
                    pos++;
                    return Info.EMPTY_WIDTH;
                case '\\':
                    return escape();
                case '*':
                case '+':
                case '?':
                case '{':
                case '|':
                case ')':
                    throw new Unsupported();
                default:
                    pos++;
                    return literal(c);
            }
        }

        private Info group() throws Unsupported {
            pos++; // (
            boolean zeroWidth = false;
            if (p.startsWith("?", pos)) {
                if (p.startsWith("?=", pos) || p.startsWith("?!", pos)) {
                    pos += 2;
                    zeroWidth = true;
                } else if (p.startsWith("?<=", pos) || p.startsWith("?<!", pos)) {
                    pos += 3;
                    zeroWidth = true;
                } else if (p.startsWith("?>", pos)) {
                    pos += 2;
                } else if (p.startsWith("?<", pos)) {
                    int close = p.indexOf('>', pos);
                    if (close < 0) {
                        throw new Unsupported();
                    }
                    pos = close + 1; // a named group
                } else {
                    // inline flags: (?i) (?-i) (?s) (?m) … or (?flags:...); none changes what must be contained
                    int q = pos + 1;
                    while (q < p.length() && "imsd-".indexOf(p.charAt(q)) >= 0) {
                        q++;
                    }
                    if (q >= p.length()) {
                        throw new Unsupported();
                    }
                    if (p.charAt(q) == ')') {
                        pos = q + 1;
                        return Info.EMPTY_WIDTH;
                    }
                    if (p.charAt(q) != ':') {
                        throw new Unsupported(); // (?x), (?u) and the like
                    }
                    pos = q + 1;
                }
            }
            Info inner = alternation();
            if (pos >= p.length() || p.charAt(pos) != ')') {
                throw new Unsupported();
            }
            pos++;
            return zeroWidth ? Info.EMPTY_WIDTH : inner;
        }

        private Info escape() throws Unsupported {
            if (pos + 1 >= p.length()) {
                throw new Unsupported();
            }
            char e = p.charAt(pos + 1);
            pos += 2;
            switch (e) {
                case 'd':
                    return byteClass(range('0', '9'), false);
                case 'w':
                    return byteClass(WORD, false);
                case 's':
                    return byteClass(SPACE, false);
                case 'b':
                case 'B':
                case 'A':
                case 'z':
                case 'Z':
                case 'G':
                    return Info.EMPTY_WIDTH;
                case 'D':
                case 'W':
                case 'S':
                case 'h':
                case 'H':
                case 'v':
                case 'V':
                case 'R':
                case 'X':
                    return Info.match(Condition.ALL);
                case 'p':
                case 'P':
                    if (pos < p.length() && p.charAt(pos) == '{') {
                        int close = p.indexOf('}', pos);
                        if (close < 0) {
                            throw new Unsupported();
                        }
                        pos = close + 1;
                    } else {
                        pos++;
                    }
                    return Info.match(Condition.ALL);
                case 'k':
                    int close = p.indexOf('>', pos);
                    if (close < 0) {
                        throw new Unsupported();
                    }
                    pos = close + 1;
                    return Info.match(Condition.ALL); // a back-reference: any string
                case 'x': {
                    int code = hexByte();
                    return code > 0xFF ? Info.match(Condition.ALL) : literal((char) code);
                }
                case 't':
                    return literal('\t');
                case 'n':
                    return literal('\n');
                case 'r':
                    return literal('\r');
                case 'f':
                    return literal('\f');
                case 'e':
                    return literal((char) 0x1B);
                case 'a':
                    return literal((char) 0x07);
                default:
                    if (e >= '1' && e <= '9') {
                        while (pos < p.length() && Character.isDigit(p.charAt(pos))) {
                            pos++;
                        }
                        return Info.match(Condition.ALL); // a back-reference: any string
                    }
                    if (Character.isLetterOrDigit(e)) {
                        throw new Unsupported(); // \Q, octal, \c … not read here
                    }
                    return literal(e);
            }
        }

        /** The code of {@code \xhh} or {@code \x{h...}}, {@code pos} just after the x. */
        private int hexByte() throws Unsupported {
            if (pos < p.length() && p.charAt(pos) == '{') {
                int close = p.indexOf('}', pos);
                if (close < 0 || close == pos + 1 || close - pos > 7) {
                    throw new Unsupported();
                }
                int value = 0;
                for (int i = pos + 1; i < close; i++) {
                    if (!isHex(p.charAt(i))) {
                        throw new Unsupported();
                    }
                    value = value * 16 + Character.digit(p.charAt(i), 16);
                }
                pos = close + 1;
                return value;
            }
            if (pos + 2 > p.length() || !isHex(p.charAt(pos)) || !isHex(p.charAt(pos + 1))) {
                throw new Unsupported();
            }
            int value = Integer.parseInt(p.substring(pos, pos + 2), 16);
            pos += 2;
            return value;
        }

        private Info literal(char c) {
            if (c > 0xFF) {
                return Info.match(Condition.ALL);
            }
            return Info.exact(String.valueOf(fold(c)));
        }

        private Info characterClass() throws Unsupported {
            pos++; // [
            boolean negated = false;
            if (pos < p.length() && p.charAt(pos) == '^') {
                negated = true;
                pos++;
            }
            BitSet set = new BitSet(256);
            boolean wide = false;
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
                    if (e == 'x') {
                        pos += 2;
                        low = hexByte();
                    } else if ("dwsnrtfv".indexOf(e) >= 0) {
                        switch (e) {
                            case 'd' -> set.or(range('0', '9'));
                            case 'w' -> set.or(WORD);
                            case 's' -> set.or(SPACE);
                            case 'n' -> set.set('\n');
                            case 'r' -> set.set('\r');
                            case 't' -> set.set('\t');
                            case 'f' -> set.set('\f');
                            default -> {
                                // \v in java.util.regex is vertical white space, and U+2028/2029 beyond bytes
                                set.set('\n');
                                set.set(0x0B);
                                set.set('\f');
                                set.set('\r');
                                set.set(0x85);
                                wide = true;
                            }
                        }
                        pos += 2;
                        continue;
                    } else if ("DWSHVhp".indexOf(e) >= 0 || e == 'P') {
                        // a negated or wide class inside: this class takes nearly anything
                        set.set(0, 256);
                        wide = true;
                        if ((e == 'p' || e == 'P') && pos + 2 < p.length() && p.charAt(pos + 2) == '{') {
                            int close = p.indexOf('}', pos);
                            if (close < 0) {
                                throw new Unsupported();
                            }
                            pos = close + 1;
                        } else {
                            pos += e == 'p' || e == 'P' ? 3 : 2;
                        }
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
                        if (pos + 1 < p.length() && p.charAt(pos + 1) == 'x') {
                            pos += 2;
                            high = hexByte();
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
                if (low > high) {
                    throw new Unsupported();
                }
                if (high > 0xFF) {
                    // a range reaching beyond bytes: the class may match wide chars
                    set.set(Math.min(low, 0x100), 0x100);
                    return skipRestOfClassAsAll();
                }
                set.set(low, high + 1);
            }
            if (pos >= p.length()) {
                throw new Unsupported();
            }
            pos++; // ]
            if (negated) {
                BitSet complement = new BitSet(256);
                complement.set(0, 256);
                complement.andNot(set);
                return byteClass(complement, true);
            }
            return byteClass(set, wide);
        }

        private Info skipRestOfClassAsAll() throws Unsupported {
            while (pos < p.length() && p.charAt(pos) != ']') {
                pos += p.charAt(pos) == '\\' ? 2 : 1;
            }
            if (pos >= p.length()) {
                throw new Unsupported();
            }
            pos++;
            return Info.match(Condition.ALL);
        }

        /** A class of bytes (and, if {@code wide}, every char above 0xFF): a few become strings, more a byte set. */
        private static Info byteClass(BitSet bytes, boolean wide) {
            BitSet folded = new BitSet(256);
            for (int b = bytes.nextSetBit(0); b >= 0 && b < 256; b = bytes.nextSetBit(b + 1)) {
                folded.set(fold((char) b));
            }
            if (folded.isEmpty() && !wide) {
                // matches nothing: no value can meet it
                return Info.match(Condition.Bytes.of(folded, false));
            }
            if (!wide && folded.cardinality() <= 4) {
                Set<String> strings = new LinkedHashSet<>();
                for (int b = folded.nextSetBit(0); b >= 0; b = folded.nextSetBit(b + 1)) {
                    strings.add(String.valueOf((char) b));
                }
                return Info.exact(strings);
            }
            if (folded.cardinality() >= 256 - 26) {
                return Info.match(Condition.ALL); // (folding leaves upper-case letters out of any set)
            }
            return Info.match(Condition.Bytes.of(folded, wide));
        }

        private static boolean isHex(char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
    }

    private static final BitSet WORD = new BitSet(256);
    private static final BitSet SPACE = new BitSet(256);

    static {
        WORD.or(range('0', '9'));
        WORD.or(range('a', 'z'));
        WORD.or(range('A', 'Z'));
        WORD.set('_');
        for (char w : new char[] {' ', '\t', '\n', 0x0B, '\f', '\r'}) {
            SPACE.set(w);
        }
    }

    private static BitSet range(char from, char to) {
        BitSet set = new BitSet(256);
        set.set(from, to + 1);
        return set;
    }

    /** ASCII lower case; every other char as it is. */
    static char fold(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
