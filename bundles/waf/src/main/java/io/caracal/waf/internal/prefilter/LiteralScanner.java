package io.caracal.waf.internal.prefilter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one pass over a value, which of a rule set's words it contains. A value is scanned
 * once per transformation list, and every rule's {@link Condition} is then answered from the
 * result. Words of two or three bytes (rule sets cut their words to that) are looked up by the
 * pair and triple of bytes ending at each position, in tables of a few kilobytes that stay in the
 * CPU's first caches; longer words need an Aho-Corasick automaton over folded bytes, built out
 * into a full transition table (one array read per byte, no allocation) with the alphabet
 * narrowed to the bytes the words use.
 */
public final class LiteralScanner {

    private final Map<String, Integer> ids = new HashMap<>();
    private final int wordCount;
    /** The pair and triple tables when every word has two or three bytes, else null. */
    private final ShortWords shortWords;
    /** Byte (folded) to alphabet index; 0 for bytes no word contains. */
    private final int[] alphabetOf = new int[256];
    private final int alphabetSize;
    /**
     * state * alphabetSize + letter: the next state. Chars, as rule sets stay well below 65,536
     * states (CRS: about 2,000): half the memory of ints, so more of the table stays in the CPU's
     * caches, which this scan is bound by.
     */
    private final char[] next;
    /** Per state, the ids of the words that end there (through failure links too), or null. */
    private final int[][] found;

    private LiteralScanner(Collection<String> words, boolean automaton) {
        List<String> unique = new ArrayList<>(words.size());
        boolean twoOrThreeBytes = true;
        int letters = 1;
        for (String word : words) {
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (c > 0xFF || c != RegexConditions.fold(c)) {
                    throw new IllegalArgumentException("not a folded byte string: " + word);
                }
                if (alphabetOf[c] == 0) {
                    alphabetOf[c] = letters++;
                }
            }
            if (ids.putIfAbsent(word, ids.size()) == null) {
                unique.add(word);
                twoOrThreeBytes &= word.length() == 2 || word.length() == 3;
            }
        }
        this.alphabetSize = letters;
        this.wordCount = ids.size();
        this.shortWords = automaton || !twoOrThreeBytes ? null : new ShortWords(ids);
        if (shortWords != null) {
            this.next = null;
            this.found = null;
            return;
        }
        // The trie, with -1 for "no edge".
        List<int[]> edges = new ArrayList<>();
        List<List<Integer>> ends = new ArrayList<>();
        edges.add(newRow());
        ends.add(null);
        for (int id = 0; id < unique.size(); id++) {
            String word = unique.get(id);
            int state = 0;
            for (int i = 0; i < word.length(); i++) {
                int letter = alphabetOf[word.charAt(i)];
                int to = edges.get(state)[letter];
                if (to < 0) {
                    to = edges.size();
                    edges.add(newRow());
                    ends.add(null);
                    edges.get(state)[letter] = to;
                }
                state = to;
            }
            if (ends.get(state) == null) {
                ends.set(state, new ArrayList<>(1));
            }
            ends.get(state).add(id);
        }
        int states = edges.size();
        if (states > Character.MAX_VALUE) {
            throw new IllegalArgumentException("too many prefilter words: " + states + " automaton states");
        }
        this.next = new char[states * alphabetSize];
        this.found = new int[states][];
        int[] fail = new int[states];
        // Breadth first: a state's failure target and its words are known before its children's.
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[] root = edges.get(0);
        for (int letter = 0; letter < alphabetSize; letter++) {
            int to = root[letter];
            if (to > 0) {
                next[letter] = (char) to;
                fail[to] = 0;
                queue.add(to);
            } else {
                next[letter] = (char) 0;
            }
        }
        found[0] = null;
        while (!queue.isEmpty()) {
            int state = queue.poll();
            found[state] = merge(ends.get(state), found[fail[state]]);
            int[] row = edges.get(state);
            for (int letter = 0; letter < alphabetSize; letter++) {
                int to = row[letter];
                if (to > 0) {
                    fail[to] = next[fail[state] * alphabetSize + letter];
                    next[state * alphabetSize + letter] = (char) to;
                    queue.add(to);
                } else {
                    next[state * alphabetSize + letter] = next[fail[state] * alphabetSize + letter];
                }
            }
        }
    }

    private int[] newRow() {
        int[] row = new int[alphabetSize];
        Arrays.fill(row, -1);
        return row;
    }

    private static int[] merge(List<Integer> own, int[] inherited) {
        if (own == null) {
            return inherited;
        }
        int[] all = new int[own.size() + (inherited == null ? 0 : inherited.length)];
        int i = 0;
        for (int id : own) {
            all[i++] = id;
        }
        if (inherited != null) {
            System.arraycopy(inherited, 0, all, i, inherited.length);
        }
        return all;
    }

    /** A scanner for these words (folded byte strings of two or more bytes). */
    public static LiteralScanner of(Collection<String> words) {
        return new LiteralScanner(words, false);
    }

    /** A scanner that uses the automaton whatever the words' lengths, to check the tables against. */
    static LiteralScanner automaton(Collection<String> words) {
        return new LiteralScanner(words, true);
    }

    int idOf(String word) {
        Integer id = ids.get(word);
        if (id == null) {
            throw new IllegalArgumentException("not one of the scanner's words: " + word);
        }
        return id;
    }

    /** Whether two values scan alike: equal but for ASCII case. */
    public static boolean sameFolded(String a, String b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && RegexConditions.fold(x) != RegexConditions.fold(y)) {
                return false;
            }
        }
        return true;
    }

    /** What {@code value} contains. */
    public Facts scan(String value) {
        return shortWords != null ? shortWords.scan(value, new Facts(wordCount)) : scanWithAutomaton(value);
    }

    private Facts scanWithAutomaton(String value) {
        Facts facts = new Facts(wordCount);
        long[] bytes = facts.bytes;
        long[] words = facts.words;
        int state = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                facts.wide = true;
                state = 0;
                continue;
            }
            char b = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            bytes[b >>> 6] |= 1L << b;
            state = next[state * alphabetSize + alphabetOf[b]];
            int[] ends = found[state];
            if (ends != null) {
                for (int id : ends) {
                    words[id >>> 6] |= 1L << id;
                }
            }
        }
        return facts;
    }

    /**
     * Words of two and three bytes, found by the bytes that end at each position: a bit set of the
     * byte pairs that end any word (8 KB) answers most positions; the pair and the triple are then
     * looked up in two small open-addressing tables.
     */
    private static final class ShortWords {

        private final long[] pairEnds = new long[(1 << 16) >>> 6];
        private final Table pairs;
        private final Table triples;

        ShortWords(Map<String, Integer> ids) {
            int pairCount = 0;
            for (String word : ids.keySet()) {
                pairCount += word.length() == 2 ? 1 : 0;
            }
            pairs = new Table(pairCount);
            triples = new Table(ids.size() - pairCount);
            ids.forEach((word, id) -> {
                int n = word.length();
                int pair = word.charAt(n - 2) << 8 | word.charAt(n - 1);
                pairEnds[pair >>> 6] |= 1L << pair;
                if (n == 2) {
                    pairs.put(pair, id);
                } else {
                    triples.put(word.charAt(0) << 16 | pair, id);
                }
            });
        }

        Facts scan(String value, Facts facts) {
            long[] bytes = facts.bytes;
            long[] words = facts.words;
            // The two bytes before this one, folded; -1 at the start and after a char above 0xFF.
            int before = -1;
            int last = -1;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c > 0xFF) {
                    facts.wide = true;
                    before = -1;
                    last = -1;
                    continue;
                }
                int b = c >= 'A' && c <= 'Z' ? c + 32 : c;
                bytes[b >>> 6] |= 1L << b;
                if (last >= 0) {
                    int pair = last << 8 | b;
                    if ((pairEnds[pair >>> 6] & (1L << pair)) != 0) {
                        mark(words, pairs.get(pair));
                        if (before >= 0) {
                            mark(words, triples.get(before << 16 | pair));
                        }
                    }
                }
                before = last;
                last = b;
            }
            return facts;
        }

        private static void mark(long[] words, int id) {
            if (id >= 0) {
                words[id >>> 6] |= 1L << id;
            }
        }
    }

    /** Int keys (below 2^24) to word ids, open addressing with linear probing; at most a quarter full. */
    private static final class Table {

        private final int[] keys;
        private final char[] values;
        private final int shift;

        Table(int entries) {
            int bits = Math.max(4, 32 - Integer.numberOfLeadingZeros(Math.max(1, entries) * 4 - 1));
            keys = new int[1 << bits];
            values = new char[1 << bits];
            shift = 32 - bits;
        }

        void put(int key, int id) {
            if (id > Character.MAX_VALUE) {
                throw new IllegalArgumentException("too many prefilter words: " + id);
            }
            int i = slot(key);
            while (keys[i] != 0) {
                i = (i + 1) & (keys.length - 1);
            }
            keys[i] = key + 1; // 0 marks an empty slot
            values[i] = (char) id;
        }

        int get(int key) {
            int stored = key + 1;
            for (int i = slot(key); ; i = (i + 1) & (keys.length - 1)) {
                int k = keys[i];
                if (k == stored) {
                    return values[i];
                }
                if (k == 0) {
                    return -1;
                }
            }
        }

        private int slot(int key) {
            return (key * 0x9E3779B9) >>> shift;
        }
    }
}
