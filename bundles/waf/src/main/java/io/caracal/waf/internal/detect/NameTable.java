package io.caracal.waf.internal.detect;

import java.util.Map;

/**
 * Immutable open-addressing table from short ASCII names to int values.
 *
 * <p>Lookups take a slice of the input string, so classifying a word never allocates. Built once in a
 * static initialiser and never modified afterwards, which makes it safe to share between threads.
 */
final class NameTable {

    static final int MISSING = -1;

    private final char[][] keys;
    private final int[] values;
    private final int mask;
    private final int maxLength;
    private final boolean ignoreCase;

    NameTable(Map<String, Integer> entries, boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 3)) << 1;
        keys = new char[capacity][];
        values = new int[capacity];
        mask = capacity - 1;
        int longest = 0;
        for (Map.Entry<String, Integer> e : entries.entrySet()) {
            String key = ignoreCase ? asciiLower(e.getKey()) : e.getKey();
            char[] chars = key.toCharArray();
            longest = Math.max(longest, chars.length);
            int slot = hash(key, 0, chars.length) & mask;
            while (keys[slot] != null && !new String(keys[slot]).equals(key)) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = chars;
            values[slot] = e.getValue();
        }
        maxLength = longest;
    }

    /** Value stored for {@code s[start, end)}, or {@link #MISSING}. */
    int get(String s, int start, int end) {
        int length = end - start;
        if (length <= 0 || length > maxLength) {
            return MISSING;
        }
        for (int slot = hash(s, start, end) & mask; ; slot = (slot + 1) & mask) {
            char[] key = keys[slot];
            if (key == null) {
                return MISSING;
            }
            if (key.length == length && sameChars(key, s, start)) {
                return values[slot];
            }
        }
    }

    boolean contains(String s, int start, int end) {
        return get(s, start, end) != MISSING;
    }

    private boolean sameChars(char[] key, String s, int start) {
        for (int i = 0; i < key.length; i++) {
            char c = s.charAt(start + i);
            if (ignoreCase) {
                c = lower(c);
            }
            if (c != key[i]) {
                return false;
            }
        }
        return true;
    }

    private int hash(String s, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            h = 31 * h + (ignoreCase ? lower(c) : c);
        }
        return h ^ (h >>> 16);
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            b.append(lower(s.charAt(i)));
        }
        return b.toString();
    }
}
