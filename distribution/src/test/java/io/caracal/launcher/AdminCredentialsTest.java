package io.caracal.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCredentialsTest {

    @Test
    void generatesAPrivatePasswordFileOnce(@TempDir Path conf) throws IOException {
        AdminCredentials first = AdminCredentials.load(conf, null);
        Path file = conf.resolve(AdminCredentials.PASSWORD_FILE);
        assertTrue(Files.isRegularFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String password = Files.readString(file).strip();
        assertTrue(password.length() >= 20, "a strong generated password");
        assertNotEquals("admin", password);
        AdminCredentials second = AdminCredentials.load(conf, null);
        assertEquals(first.hashed(), second.hashed(), "the stored password is reused");
    }

    @Test
    void hashesTheWayTheWebConsoleChecks(@TempDir Path conf) throws IOException {
        Files.writeString(conf.resolve(AdminCredentials.PASSWORD_FILE), "admin\n");
        // The web console's own default, {sha-256} of "admin".
        assertEquals("{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=", AdminCredentials.load(conf, null).hashed());
    }

    @Test
    void environmentWinsAndWritesNothing(@TempDir Path conf) throws IOException {
        AdminCredentials credentials = AdminCredentials.load(conf, "s3cret");
        assertTrue(credentials.origin().contains(AdminCredentials.PASSWORD_ENV));
        assertTrue(Files.notExists(conf.resolve(AdminCredentials.PASSWORD_FILE)));
    }

    @Test
    void emptyFileIsAnError(@TempDir Path conf) throws IOException {
        Files.writeString(conf.resolve(AdminCredentials.PASSWORD_FILE), "  \n");
        IOException error = assertThrows(IOException.class, () -> AdminCredentials.load(conf, null));
        assertTrue(error.getMessage().contains("is empty"));
    }
}
