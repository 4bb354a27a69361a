package io.caracal.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The web console's credentials. The console never runs with a default password: the password
 * comes from {@code CARACAL_ADMIN_PASSWORD}, or from {@code conf/admin.password}, which is
 * generated (readable by the owner only) on first start.
 */
final class AdminCredentials {

    static final String PASSWORD_FILE = "admin.password";
    static final String PASSWORD_ENV = "CARACAL_ADMIN_PASSWORD";

    private final String password;
    private final String origin;

    private AdminCredentials(String password, String origin) {
        this.password = password;
        this.origin = origin;
    }

    static AdminCredentials load(Path confDir, String fromEnvironment) throws IOException {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new AdminCredentials(fromEnvironment.strip(), "the " + PASSWORD_ENV + " environment variable");
        }
        Path file = confDir.resolve(PASSWORD_FILE);
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (stored.isEmpty()) {
                throw new IOException(file + " is empty: put a password in it, or delete it to have one generated");
            }
            return new AdminCredentials(stored, file.toString());
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(confDir);
        Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more to restrict
        }
        return new AdminCredentials(generated, file + " (generated on first start)");
    }

    /** Where the password came from, for the startup message; never the password itself. */
    String origin() {
        return origin;
    }

    /** The password in the web console's hashed form: {sha-256} and the Base64 digest. */
    String hashed() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{sha-256}" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
