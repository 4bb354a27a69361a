package io.caracal.waf.internal.body;

import java.nio.charset.StandardCharsets;

/**
 * Conversions for "byte strings": Java strings in which every char is one raw byte (0-255),
 * i.e. the ISO-8859-1 view of the bytes. Rules match on raw bytes, never on decoded text.
 */
public final class ByteStrings {
    private ByteStrings() {
    }

    /** The byte string of {@code bytes[from, to)}. */
    public static String of(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    public static String of(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The raw bytes of a byte string (chars above 255 would not be byte strings and become '?'). */
    public static byte[] toBytes(String byteString) {
        return byteString.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The byte string of {@code text} encoded as UTF-8. Parsers that decode text (JSON, XML)
     * use this so their values carry the same bytes ModSecurity's C parsers would hand over.
     */
    public static String fromText(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return text; // pure ASCII: already its own byte string
    }

    /**
     * The byte string of a value the HTTP server already turned into a String (a header value, a
     * path): chars up to 255 are the bytes received; a char above 255 means the server decoded
     * UTF-8, so the value is encoded back.
     */
    public static String fromServer(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return text;
    }

    /** The readable text of a byte string (UTF-8 decoded, invalid bytes replaced), for logs. */
    public static String readable(String byteString) {
        if (byteString == null) {
            return null;
        }
        return new String(byteString.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** C's isspace() in the "C" locale, which ModSecurity's parsers use. */
    static boolean isCSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
