package io.caracal.waf.internal.body;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Cookie header values into REQUEST_COOKIES the way libmodsecurity (v3) does:
 * <ul>
 *   <li>each header value is split on ';' and empty pieces are skipped;</li>
 *   <li>trailing whitespace after the last cookie-pair is dropped ("a=1 ;" is not the last
 *       pair of "a=1 ; b=2", so its value stays "1 ");</li>
 *   <li>the name ends at the first '=' and loses its leading whitespace (only that: "a =1"
 *       keeps the name "a ");</li>
 *   <li>the value is everything after the first '=', raw: not trimmed, not unquoted, not
 *       URL-decoded;</li>
 *   <li>a piece without '=' is a name with an empty value; a piece whose name is empty after
 *       trimming (" =x") is skipped.</li>
 * </ul>
 * Names and values are byte strings.
 */
public final class CookieParser {
    private CookieParser() {
    }

    public static List<Arg> parse(List<String> cookieHeaderValues) {
        List<Arg> cookies = new ArrayList<>();
        for (String header : cookieHeaderValues) {
            if (header != null) {
                parseHeader(header, cookies);
            }
        }
        return List.copyOf(cookies);
    }

    private static void parseHeader(String header, List<Arg> out) {
        int length = header.length();
        int start = 0;
        while (start < length) {
            int semicolon = header.indexOf(';', start);
            int pieceEnd = semicolon < 0 ? length : semicolon;
            boolean lastPiece = semicolon < 0 || semicolon == length - 1;
            if (lastPiece) {
                // whitespace after the final cookie-pair is not part of its value
                while (pieceEnd > start && ByteStrings.isCSpace(header.charAt(pieceEnd - 1))) {
                    pieceEnd--;
                }
            }
            addPair(header, start, pieceEnd, out);
            if (lastPiece) {
                return;
            }
            start = semicolon + 1;
        }
    }

    private static void addPair(String header, int from, int to, List<Arg> out) {
        int nameStart = from;
        while (nameStart < to && ByteStrings.isCSpace(header.charAt(nameStart))) {
            nameStart++;
        }
        int eq = header.indexOf('=', nameStart);
        int nameEnd = eq < 0 || eq >= to ? to : eq;
        if (nameEnd == nameStart) {
            return; // empty piece or empty name: libmodsecurity ignores it
        }
        String value = nameEnd == to ? "" : header.substring(nameEnd + 1, to);
        out.add(new Arg(header.substring(nameStart, nameEnd), value));
    }
}
