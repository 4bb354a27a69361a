package io.caracal.balancer.hash.internal;

/**
 * XXH64 (xxHash, 64-bit variant, Yann Collet), a fast non-cryptographic hash with excellent
 * distribution. Two inputs: bytes, and the UTF-16 code units of a string range (little-endian), hashed in place
 * so that a request key never has to be copied or encoded first. Results equal the reference
 * implementation ({@code XXH64(data, len, seed)}; for strings, of their code units as UTF-16LE bytes).
 */
final class XxHash64 {

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private XxHash64() {
    }

    /** XXH64 of {@code data}. */
    static long hash(byte[] data, long seed) {
        int length = data.length;
        int p = 0;
        long h;
        if (length >= 32) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            int limit = length - 32;
            do {
                v1 = round(v1, longLE(data, p));
                v2 = round(v2, longLE(data, p + 8));
                v3 = round(v3, longLE(data, p + 16));
                v4 = round(v4, longLE(data, p + 24));
                p += 32;
            } while (p <= limit);
            h = converge(v1, v2, v3, v4);
        } else {
            h = seed + P5;
        }
        h += length;
        for (; p + 8 <= length; p += 8) {
            h = eight(h, longLE(data, p));
        }
        if (p + 4 <= length) {
            h = four(h, intLE(data, p));
            p += 4;
        }
        for (; p < length; p++) {
            h = one(h, data[p] & 0xFF);
        }
        return avalanche(h);
    }

    /** XXH64 of the whole of {@code text} as UTF-16LE. */
    static long hash(CharSequence text, long seed) {
        return hash(text, 0, text.length(), seed);
    }

    /** XXH64 of {@code text[start, end)} as UTF-16LE code units (two bytes per char, low byte first). */
    static long hash(CharSequence text, int start, int end, long seed) {
        int p = start; // in chars; a 32-byte stripe is 16 chars, an 8-byte lane 4 chars
        long h;
        if (end - start >= 16) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            int limit = end - 16;
            do {
                v1 = round(v1, longLE(text, p));
                v2 = round(v2, longLE(text, p + 4));
                v3 = round(v3, longLE(text, p + 8));
                v4 = round(v4, longLE(text, p + 12));
                p += 16;
            } while (p <= limit);
            h = converge(v1, v2, v3, v4);
        } else {
            h = seed + P5;
        }
        h += 2L * (end - start);
        for (; p + 4 <= end; p += 4) {
            h = eight(h, longLE(text, p));
        }
        if (p + 2 <= end) {
            h = four(h, text.charAt(p) | (long) text.charAt(p + 1) << 16);
            p += 2;
        }
        if (p < end) {
            char c = text.charAt(p);
            h = one(h, c & 0xFF);
            h = one(h, c >>> 8);
        }
        return avalanche(h);
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long converge(long v1, long v2, long v3, long v4) {
        long h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
        h = merge(h, v1);
        h = merge(h, v2);
        h = merge(h, v3);
        return merge(h, v4);
    }

    private static long merge(long h, long v) {
        h ^= round(0, v);
        return h * P1 + P4;
    }

    private static long eight(long h, long lane) {
        h ^= round(0, lane);
        return Long.rotateLeft(h, 27) * P1 + P4;
    }

    /** @param word an unsigned 32-bit value */
    private static long four(long h, long word) {
        h ^= word * P1;
        return Long.rotateLeft(h, 23) * P2 + P3;
    }

    private static long one(long h, int octet) {
        h ^= octet * P5;
        return Long.rotateLeft(h, 11) * P1;
    }

    private static long avalanche(long h) {
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        return h ^ h >>> 32;
    }

    private static long longLE(byte[] b, int p) {
        return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24
                | (b[p + 4] & 0xFFL) << 32 | (b[p + 5] & 0xFFL) << 40 | (b[p + 6] & 0xFFL) << 48
                | (b[p + 7] & 0xFFL) << 56;
    }

    private static long intLE(byte[] b, int p) {
        return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
    }

    private static long longLE(CharSequence s, int p) {
        return s.charAt(p) | (long) s.charAt(p + 1) << 16 | (long) s.charAt(p + 2) << 32 | (long) s.charAt(p + 3) << 48;
    }
}
