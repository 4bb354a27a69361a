package io.caracal.waf.internal.prefilter;

/** What one scan found in a value: the scanner's words it contains, its bytes (folded), and whether it has chars above 0xFF. */
public final class Facts {

    final long[] words;
    final long[] bytes = new long[4];
    boolean wide;

    Facts(int wordCount) {
        this.words = new long[(wordCount + 63) >>> 6];
    }

    boolean hasWord(int id) {
        return (words[id >>> 6] & (1L << id)) != 0;
    }

    boolean hasAnyByte(long[] set) {
        return (bytes[0] & set[0]) != 0 || (bytes[1] & set[1]) != 0 || (bytes[2] & set[2]) != 0
                || (bytes[3] & set[3]) != 0;
    }

    boolean hasWide() {
        return wide;
    }
}
