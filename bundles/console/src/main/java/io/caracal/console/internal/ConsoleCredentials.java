package io.caracal.console.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console's user and password, checked against HTTP Basic credentials, so the REST API
 * (and, if asked, /metrics) share one login with the console.
 *
 * <p>The password comes as the console keeps it: {@code {sha-256}<base64 digest>} (also with a hex
 * salt and an iteration count, {@code {sha-256}<salt>-[<iterations>-]<base64>}), or in plain text.
 * Comparisons take the same time however much of the input matches.
 */
final class ConsoleCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleCredentials.class);

    static final String USER_PROPERTY = "felix.webconsole.username";
    static final String PASSWORD_PROPERTY = "felix.webconsole.password";
    static final String DEFAULT_USER = "admin";

    private final byte[] userDigest;
    private final StoredPassword password;

    private ConsoleCredentials(String user, StoredPassword password) {
        this.userDigest = sha256(user.getBytes(StandardCharsets.UTF_8));
        this.password = password;
    }

    /**
     * Reads the framework properties. Without a password nothing is accepted: the console itself
     * would fall back to a well-known default, which the REST API never does.
     */
    static ConsoleCredentials from(Function<String, String> properties) {
        String user = properties.apply(USER_PROPERTY);
        String stored = properties.apply(PASSWORD_PROPERTY);
        StoredPassword password = null;
        if (stored != null && !stored.isEmpty()) {
            try {
                password = StoredPassword.parse(stored);
            } catch (IllegalArgumentException e) {
                LOG.error("{} cannot be read ({}); the admin API accepts no login", PASSWORD_PROPERTY, e.getMessage());
            }
        }
        return new ConsoleCredentials(user == null || user.isBlank() ? DEFAULT_USER : user.strip(), password);
    }

    boolean configured() {
        return password != null;
    }

    /** The user of a valid {@code Authorization: Basic …} header, or null. */
    String authenticate(String authorization) {
        if (password == null || authorization == null) {
            return null;
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Basic")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        // Both checks always run: which one failed must not show in the timing.
        boolean userMatches = MessageDigest.isEqual(userDigest, sha256(user.getBytes(StandardCharsets.UTF_8)));
        boolean passwordMatches = password.matches(decoded.substring(colon + 1));
        return userMatches & passwordMatches ? user : null;
    }

    static byte[] sha256(byte[] data) {
        return digest("SHA-256").digest(data);
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown password hash algorithm " + algorithm, e);
        }
    }

    /** A password as stored: hashed ({@code {alg}…}) or plain. */
    private record StoredPassword(String algorithm, String salt, int iterations, byte[] expected) {

        static StoredPassword parse(String stored) {
            int close = stored.indexOf('}');
            if (!stored.startsWith("{") || close < 0) {
                return new StoredPassword(null, null, 0, stored.getBytes(StandardCharsets.UTF_8));
            }
            String algorithm = stored.substring(1, close).toUpperCase(Locale.ROOT);
            digest(algorithm); // fail now on an unknown algorithm, not on every login
            String[] parts = stored.substring(close + 1).split("-", -1);
            String salt = parts.length > 1 ? parts[0] : null;
            int iterations = parts.length > 2 ? Integer.parseInt(parts[1]) : 1;
            byte[] expected = Base64.getDecoder().decode(parts[parts.length - 1]);
            return new StoredPassword(algorithm, salt, iterations, expected);
        }

        boolean matches(String candidate) {
            if (algorithm == null) {
                // Hash both sides so that the comparison does not leak the length.
                return MessageDigest.isEqual(sha256(expected), sha256(candidate.getBytes(StandardCharsets.UTF_8)));
            }
            MessageDigest md = digest(algorithm);
            byte[] bytes = ((salt == null ? "" : salt) + candidate).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                md.reset();
                bytes = md.digest(bytes);
            }
            return MessageDigest.isEqual(expected, bytes);
        }
    }
}
