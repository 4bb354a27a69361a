package io.caracal.waf.internal.detect;

/**
 * The folded token sequence of one scan: a fixed-size, array-backed list.
 *
 * <p>Only the head of the input matters for classification (an injection has to change the query's
 * structure right where the value ends), so the list stops growing at {@link #CAPACITY} and records
 * that it was truncated.
 */
final class SqlTokens {

    static final int CAPACITY = 32;

    final byte[] type = new byte[CAPACITY];
    final int[] id = new int[CAPACITY];
    final int[] evidence = new int[CAPACITY];
    final boolean[] bareComment = new boolean[CAPACITY];
    int size;
    /** Token 0 is the string the application opened; it must not be merged with what follows. */
    boolean quotedContext;
    /** More tokens followed but were not kept. */
    boolean truncated;

    boolean isFull() {
        return size == CAPACITY;
    }

    byte typeAt(int i) {
        return i < size ? type[i] : SqlTokenType.NONE;
    }

    int last() {
        return size - 1;
    }

    byte lastType() {
        return size == 0 ? SqlTokenType.NONE : type[size - 1];
    }

    void add(SqlToken t) {
        type[size] = t.type;
        id[size] = t.id;
        evidence[size] = t.evidence;
        bareComment[size] = t.bareComment;
        size++;
    }

    void add(byte tokenType, int tokenId, int tokenEvidence) {
        type[size] = tokenType;
        id[size] = tokenId;
        evidence[size] = tokenEvidence;
        bareComment[size] = false;
        size++;
    }

    void removeLast() {
        size--;
    }

    boolean is(int i, byte tokenType, int tokenId) {
        return i >= 0 && i < size && type[i] == tokenType && id[i] == tokenId;
    }

    /** Letter codes of the first {@code max} tokens, e.g. {@code s&n=nc}. */
    String fingerprint(int max) {
        int n = Math.min(size, max);
        char[] letters = new char[n];
        for (int i = 0; i < n; i++) {
            letters[i] = SqlTokenType.letter(type[i]);
        }
        return new String(letters);
    }
}
