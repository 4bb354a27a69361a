package io.caracal.accesscontrol.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * User and password from an {@code Authorization: Basic} header (RFC 7617), decoded as UTF-8. The
 * password stays bytes, as bcrypt hashes bytes, and is never turned into a String.
 */
record BasicCredentials(String user, byte[] password) {

    /** What {@link #parse} found in a header value. */
    enum Outcome { NOT_BASIC, MALFORMED, OK }

    /** The parsed credentials and how parsing went; credentials are null unless OK. */
    record Parsed(Outcome outcome, BasicCredentials credentials) {
    }

    private static final Parsed NOT_BASIC = new Parsed(Outcome.NOT_BASIC, null);
    private static final Parsed MALFORMED = new Parsed(Outcome.MALFORMED, null);

    static Parsed parse(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.equalsIgnoreCase("Basic")) {
            return NOT_BASIC;
        }
        if (space < 0) {
            return MALFORMED;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            return MALFORMED;
        }
        int colon = indexOf(decoded, (byte) ':');
        if (colon <= 0) {
            return MALFORMED;
        }
        String user;
        try {
            user = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(decoded, 0, colon)).toString();
        } catch (CharacterCodingException e) {
            return MALFORMED;
        }
        if (!Headers.isSafeValue(user)) {
            return MALFORMED;
        }
        byte[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
        Arrays.fill(decoded, (byte) 0);
        return new Parsed(Outcome.OK, new BasicCredentials(user, password));
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + "]"; // never the password
    }
}
