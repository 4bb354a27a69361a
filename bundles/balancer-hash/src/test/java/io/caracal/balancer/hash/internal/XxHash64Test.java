package io.caracal.balancer.hash.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class XxHash64Test {

    /** Expected values from the reference implementation (libxxhash 0.8.1, XXH64). */
    @Test
    void bytesMatchTheReferenceImplementation() {
        assertEquals(0xEF46DB3751D8E999L, XxHash64.hash(new byte[0], 0));
        assertEquals(0xC4349FC93C010000L, XxHash64.hash(new byte[0], 0x9E3779B97F4A7C15L));
        assertEquals(0xD24EC4F1A98C6E5BL, XxHash64.hash(ascii("a"), 0));
        assertEquals(0x44BC2CF5AD770999L, XxHash64.hash(ascii("abc"), 0));
        assertEquals(0x2ED0F59D6B43AC8BL, XxHash64.hash(ascii("abc"), 0x9E3779B97F4A7C15L));
        assertEquals(0xFBCEA83C8A378BF1L, XxHash64.hash(ascii("Nobody inspects the spammish repetition"), 0));
        assertEquals(0x0AB69F502BC2AF24L,
                XxHash64.hash(ascii("The quick brown fox jumps over the lazy dog, 0123456789 and more!"), 0));
        byte[] hundred = new byte[100];
        for (int i = 0; i < hundred.length; i++) {
            hundred[i] = (byte) i;
        }
        assertEquals(0x6AC1E58032166597L, XxHash64.hash(hundred, 0));
        assertEquals(0x3B97D91EBA03E785L, XxHash64.hash(hundred, 0x9E3779B97F4A7C15L));
    }

    @Test
    void stringsHashAsTheirUtf16CodeUnitsLittleEndian() {
        // Reference values of XXH64(UTF-16LE bytes).
        assertEquals(0x2D96B13AE1DE85CAL, XxHash64.hash("10.0.0.1:8080", 0));
        assertEquals(0x768757E1CE1374F0L, XxHash64.hash("10.0.0.1:8080", 7));
        assertEquals(0xCE828B7670CC4856L, XxHash64.hash("user-\u00e4\u20acx\ud83d\ude00", 0));

        SplittableRandom random = new SplittableRandom(42);
        for (int length = 0; length < 80; length++) {
            for (int trial = 0; trial < 20; trial++) {
                char[] chars = new char[length];
                for (int i = 0; i < length; i++) {
                    chars[i] = (char) (trial % 2 == 0 ? random.nextInt(32, 127) : random.nextInt(0x10000));
                }
                String text = new String(chars);
                long seed = random.nextLong();
                assertEquals(XxHash64.hash(codeUnitsLE(text), seed), XxHash64.hash(text, seed), "length " + length);
            }
        }
    }

    @Test
    void rangesHashLikeTheSubstring() {
        String text = "session=abc123; theme=dark; user=\"0123456789abcdefghij\"";
        for (int start = 0; start <= text.length(); start++) {
            for (int end = start; end <= text.length(); end++) {
                assertEquals(XxHash64.hash(text.substring(start, end), 3), XxHash64.hash(text, start, end, 3),
                        start + ".." + end);
            }
        }
    }

    /** UTF-16LE, except that a lone surrogate stays as it is (String.getBytes would replace it). */
    private static byte[] codeUnitsLE(String text) {
        byte[] bytes = new byte[text.length() * 2];
        for (int i = 0; i < text.length(); i++) {
            bytes[2 * i] = (byte) text.charAt(i);
            bytes[2 * i + 1] = (byte) (text.charAt(i) >>> 8);
        }
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
