package io.caracal.waf.internal.prefilter;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a value must contain for an operator to match it: words (ASCII lower case: values are
 * scanned folded, which only ever admits more), bytes, and their conjunctions and disjunctions.
 * {@link #ALL} is no requirement. Conditions are sound, never exact: a value that meets one may
 * still not match, but a value that does not can never match.
 */
public sealed interface Condition {

    /** No requirement: every value may match. */
    Condition ALL = new All();

    /** Whether a value with these facts meets the condition. */
    boolean test(Facts facts);

    record All() implements Condition {
        @Override
        public boolean test(Facts facts) {
            return true;
        }
    }

    /** The value contains {@code text} (two or more bytes, folded). {@code id} is set when bound to a scanner. */
    record Word(String text, int id) implements Condition {
        @Override
        public String toString() {
            return '"' + text + '"';
        }

        @Override
        public boolean test(Facts facts) {
            return facts.hasWord(id);
        }
    }

    /** The value contains one of these bytes (folded), or, if {@code orWide}, a char above 0xFF. */
    record Bytes(long[] set, boolean orWide) implements Condition {
        @Override
        public boolean test(Facts facts) {
            return facts.hasAnyByte(set) || (orWide && facts.hasWide());
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("[");
            BitSet bits = BitSet.valueOf(set);
            for (int b = bits.nextSetBit(0); b >= 0; b = bits.nextSetBit(b + 1)) {
                out.append(b > 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
            }
            return out.append(orWide ? "+wide]" : "]").toString();
        }

        static Bytes of(BitSet folded, boolean orWide) {
            long[] words = new long[4];
            long[] source = folded.toLongArray();
            System.arraycopy(source, 0, words, 0, Math.min(4, source.length));
            return new Bytes(words, orWide);
        }
    }

    /**
     * The value contains one of several words: the bound form of an {@link Or} of words, one AND
     * per 64-word block of the scan result instead of one test per word.
     */
    record AnyWord(int[] blocks, long[] masks) implements Condition {
        @Override
        public boolean test(Facts facts) {
            for (int i = 0; i < blocks.length; i++) {
                if ((facts.words[blocks[i]] & masks[i]) != 0) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "anyWord" + java.util.Arrays.toString(masks);
        }
    }

    record And(Condition[] all) implements Condition {
        @Override
        public String toString() {
            return "and" + java.util.Arrays.toString(all);
        }

        @Override
        public boolean test(Facts facts) {
            for (Condition c : all) {
                if (!c.test(facts)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(Condition[] any) implements Condition {
        @Override
        public String toString() {
            return "or" + java.util.Arrays.toString(any);
        }

        @Override
        public boolean test(Facts facts) {
            for (Condition c : any) {
                if (c.test(facts)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The value contains one of these bytes (as they are, not folded), or, if {@code orWide}, a
     * char above 0xFF: for operators that look for particular bytes.
     */
    static Condition anyByte(BitSet bytes, boolean orWide) {
        BitSet folded = new BitSet(256);
        for (int b = bytes.nextSetBit(0); b >= 0 && b < 256; b = bytes.nextSetBit(b + 1)) {
            folded.set(RegexConditions.fold((char) b));
        }
        return Bytes.of(folded, orWide);
    }

    /** Both conditions; {@link #ALL} drops out. */
    static Condition and(Condition a, Condition b) {
        if (a instanceof All) {
            return b;
        }
        if (b instanceof All) {
            return a;
        }
        List<Condition> parts = new ArrayList<>();
        for (Condition c : new Condition[] {a, b}) {
            if (c instanceof And and) {
                parts.addAll(List.of(and.all()));
            } else {
                parts.add(c);
            }
        }
        return new And(parts.toArray(new Condition[0]));
    }

    /** Either condition; {@link #ALL} wins. */
    static Condition or(List<Condition> conditions) {
        List<Condition> parts = new ArrayList<>();
        for (Condition c : conditions) {
            if (c instanceof All) {
                return ALL;
            }
            if (c instanceof Or or) {
                parts.addAll(List.of(or.any()));
            } else {
                parts.add(c);
            }
        }
        return parts.size() == 1 ? parts.get(0) : new Or(parts.toArray(new Condition[0]));
    }

    /**
     * The condition "contains one of these strings" (folded). The empty string makes it
     * {@link #ALL}; single bytes become one byte set; a string that contains another of the set is
     * redundant.
     */
    static Condition anyOf(Set<String> strings) {
        if (strings.contains("")) {
            return ALL;
        }
        BitSet bytes = new BitSet(256);
        Set<String> words = new LinkedHashSet<>();
        for (String s : strings) {
            if (s.length() == 1) {
                bytes.set(s.charAt(0));
            } else {
                words.add(s);
            }
        }
        List<Condition> parts = new ArrayList<>();
        for (String word : words) {
            if (!containsOther(word, words, bytes)) {
                parts.add(new Word(word, -1));
            }
        }
        if (!bytes.isEmpty()) {
            parts.add(Bytes.of(bytes, false));
        }
        return or(parts);
    }

    private static boolean containsOther(String word, Set<String> words, BitSet bytes) {
        for (int i = 0; i < word.length(); i++) {
            if (bytes.get(word.charAt(i))) {
                return true;
            }
        }
        for (String other : words) {
            if (other.length() < word.length() && word.contains(other)) {
                return true;
            }
        }
        return false;
    }

    /** Every word this condition names, for building a scanner. */
    static void words(Condition c, Set<String> out) {
        if (c instanceof Word w) {
            out.add(w.text());
        } else if (c instanceof And and) {
            for (Condition part : and.all()) {
                words(part, out);
            }
        } else if (c instanceof Or or) {
            for (Condition part : or.any()) {
                words(part, out);
            }
        }
    }

    /**
     * This condition with each word cut to its first {@code length} bytes: a value that contains a
     * word contains its start, so this only admits more, and it keeps the scanner and the scan
     * results small.
     */
    static Condition shorten(Condition c, int length) {
        if (c instanceof Word w) {
            return w.text().length() <= length ? w : new Word(w.text().substring(0, length), -1);
        }
        if (c instanceof And and) {
            return new And(shortenAll(and.all(), length));
        }
        if (c instanceof Or or) {
            return new Or(shortenAll(or.any(), length));
        }
        return c;
    }

    private static Condition[] shortenAll(Condition[] parts, int length) {
        Condition[] shortened = new Condition[parts.length];
        for (int i = 0; i < parts.length; i++) {
            shortened[i] = shorten(parts[i], length);
        }
        return shortened;
    }

    /** This condition with each word's id in {@code scanner}. */
    static Condition bind(Condition c, LiteralScanner scanner) {
        if (c instanceof Word w) {
            return new Word(w.text(), scanner.idOf(w.text()));
        }
        if (c instanceof And and) {
            return new And(bindAll(and.all(), scanner));
        }
        if (c instanceof Or or) {
            // The words of an alternation become one mask; the rest is bound part by part.
            java.util.TreeMap<Integer, Long> masks = new java.util.TreeMap<>();
            List<Condition> rest = new ArrayList<>();
            for (Condition part : or.any()) {
                if (part instanceof Word w) {
                    int id = scanner.idOf(w.text());
                    masks.merge(id >>> 6, 1L << id, (a, b) -> a | b);
                } else {
                    rest.add(bind(part, scanner));
                }
            }
            if (!masks.isEmpty()) {
                int[] blocks = new int[masks.size()];
                long[] bits = new long[masks.size()];
                int i = 0;
                for (java.util.Map.Entry<Integer, Long> e : masks.entrySet()) {
                    blocks[i] = e.getKey();
                    bits[i++] = e.getValue();
                }
                rest.add(0, new AnyWord(blocks, bits));
            }
            return rest.size() == 1 ? rest.get(0) : new Or(rest.toArray(new Condition[0]));
        }
        return c;
    }

    private static Condition[] bindAll(Condition[] parts, LiteralScanner scanner) {
        Condition[] bound = new Condition[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bound[i] = bind(parts[i], scanner);
        }
        return bound;
    }
}
