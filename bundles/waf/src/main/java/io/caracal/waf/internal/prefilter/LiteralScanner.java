package io.caracal.waf.internal.prefilter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one pass over a value, which of a rule set's words it contains: an Aho-Corasick
 * automaton over folded bytes, built out into a full transition table (one array read per byte,
 * no allocation) with the alphabet narrowed to the bytes the words use. A value is scanned once
 * per transformation list, and every rule's {@link Condition} is then answered from the result.
 */
public final class LiteralScanner {

    private final Map<String, Integer> ids = new HashMap<>();
    private final int wordCount;
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

    private LiteralScanner(Collection<String> words) {
        List<String> list = new ArrayList<>(words);
        int letters = 1;
        for (String word : list) {
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (c > 0xFF || c != RegexConditions.fold(c)) {
                    throw new IllegalArgumentException("not a folded byte string: " + word);
                }
                if (alphabetOf[c] == 0) {
                    alphabetOf[c] = letters++;
                }
            }
        }
        this.alphabetSize = letters;
        // The trie, with -1 for "no edge".
        List<int[]> edges = new ArrayList<>();
        List<List<Integer>> ends = new ArrayList<>();
        edges.add(newRow());
        ends.add(null);
        for (String word : list) {
            if (ids.containsKey(word)) {
                continue;
            }
            int id = ids.size();
            ids.put(word, id);
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
        this.wordCount = ids.size();
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
        return new LiteralScanner(words);
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
}
