package io.caracal.accesscontrol.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.caracal.api.config.ConfigException;
import io.caracal.api.config.ConfigReader;

/**
 * Reads an htpasswd file: {@code user:hash} per line, {@code #} comments and blank lines ignored.
 * Only bcrypt hashes ({@code $2a$}, {@code $2b$}, {@code $2y$}, as {@code htpasswd -B} writes
 * them) are accepted: the other htpasswd formats (MD5-crypt, SHA-1, crypt, plain) are too fast to
 * withstand guessing once the file leaks. Errors name the file and line, never a hash.
 */
final class HtpasswdFile {

    /** Version, two-digit cost, then 22 characters of salt and 31 of hash in bcrypt's base64. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    private HtpasswdFile() {
    }

    /** The users and their hashes, in file order. */
    static Map<String, String> parse(byte[] content, Path file, ConfigReader config, String key) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw config.error(key, file + " is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Map<String, String> users = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw lineError(config, key, file, number, "expected 'user:bcrypt-hash'");
            }
            String user = line.substring(0, colon);
            String hash = line.substring(colon + 1);
            if (!Headers.isSafeValue(user)) {
                throw lineError(config, key, file, number, "the user name holds control characters");
            }
            Matcher matcher = BCRYPT.matcher(hash);
            if (!matcher.matches()) {
                throw lineError(config, key, file, number, "the hash of user '" + user + "' is not a bcrypt hash "
                        + "($2a$, $2b$ or $2y$, as 'htpasswd -B' writes); " + describe(hash) + " is not accepted");
            }
            int cost = Integer.parseInt(matcher.group(1));
            if (cost < 4 || cost > 31) {
                throw lineError(config, key, file, number, "the bcrypt cost of user '" + user + "' is " + cost
                        + ", outside 4..31");
            }
            if (users.putIfAbsent(user, hash) != null) {
                throw lineError(config, key, file, number, "user '" + user + "' is listed twice");
            }
        }
        if (users.isEmpty()) {
            throw config.error(key, file + " lists no users");
        }
        return users;
    }

    /** The bcrypt cost in a hash {@link #parse} accepted. */
    static int cost(String hash) {
        return Integer.parseInt(hash.substring(4, 6));
    }

    private static ConfigException lineError(ConfigReader config, String key, Path file, int line, String problem) {
        return config.error(key, file + " line " + line + ": " + problem);
    }

    /** Names a rejected hash format without repeating the hash. */
    private static String describe(String hash) {
        if (hash.startsWith("$apr1$")) {
            return "MD5-crypt ($apr1$)";
        }
        if (hash.startsWith("{SHA}")) {
            return "SHA-1 ({SHA})";
        }
        if (hash.startsWith("$5$") || hash.startsWith("$6$")) {
            return "SHA-crypt";
        }
        if (hash.startsWith("$2")) {
            return "a malformed bcrypt hash";
        }
        return "this format";
    }
}
