package io.caracal.waf.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids for the WAF's answers and match log: 16 random hex digits, unguessable and unique enough to find a request. */
final class RequestIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    static String next() {
        long bits = ThreadLocalRandom.current().nextLong();
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
        return new String(out);
    }
}
