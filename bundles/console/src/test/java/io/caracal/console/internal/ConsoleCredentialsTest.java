package io.caracal.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConsoleCredentialsTest {

    private static ConsoleCredentials credentials(Map<String, String> properties) {
        return ConsoleCredentials.from(properties::get);
    }

    @Test
    void launcherFormatWithDefaultUser() {
        ConsoleCredentials c = credentials(Map.of(ConsoleCredentials.PASSWORD_PROPERTY, TestCredentials.hashed("pw")));
        assertEquals("admin", c.authenticate(JettyHarness.basic("admin", "pw")));
        assertNull(c.authenticate(JettyHarness.basic("admin", "pw ")));
        assertNull(c.authenticate(JettyHarness.basic("Admin", "pw")));
        assertNull(c.authenticate(null));
        assertNull(c.authenticate("Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes())));
    }

    @Test
    void configuredUser() {
        ConsoleCredentials c = credentials(Map.of(ConsoleCredentials.USER_PROPERTY, "ops",
                ConsoleCredentials.PASSWORD_PROPERTY, TestCredentials.hashed("pw")));
        assertEquals("ops", c.authenticate(JettyHarness.basic("ops", "pw")));
        assertNull(c.authenticate(JettyHarness.basic("admin", "pw")));
    }

    @Test
    void passwordsWithColonsAndNonAscii() {
        ConsoleCredentials c = credentials(Map.of(ConsoleCredentials.PASSWORD_PROPERTY, TestCredentials.hashed("a:b€")));
        assertEquals("admin", c.authenticate("basic " + Base64.getEncoder()
                .encodeToString("admin:a:b€".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void saltedAndIteratedHashes() throws Exception {
        byte[] bytes = "cafe01pw".getBytes(StandardCharsets.UTF_8);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 3; i++) {
            md.reset();
            bytes = md.digest(bytes);
        }
        String stored = "{sha-256}cafe01-3-" + Base64.getEncoder().encodeToString(bytes);
        ConsoleCredentials c = credentials(Map.of(ConsoleCredentials.PASSWORD_PROPERTY, stored));
        assertEquals("admin", c.authenticate(JettyHarness.basic("admin", "pw")));
        assertNull(c.authenticate(JettyHarness.basic("admin", "pw2")));
    }

    @Test
    void plainTextPassword() {
        ConsoleCredentials c = credentials(Map.of(ConsoleCredentials.PASSWORD_PROPERTY, "plain"));
        assertEquals("admin", c.authenticate(JettyHarness.basic("admin", "plain")));
        assertNull(c.authenticate(JettyHarness.basic("admin", "plai")));
    }

    @Test
    void withoutAPasswordNothingIsAccepted() {
        ConsoleCredentials c = credentials(Map.of());
        assertFalse(c.configured());
        assertNull(c.authenticate(JettyHarness.basic("admin", "admin")));
        assertNull(c.authenticate(JettyHarness.basic("admin", "")));
    }

    @Test
    void unreadablePasswordAcceptsNothing() {
        ConsoleCredentials c = credentials(Map.of(ConsoleCredentials.PASSWORD_PROPERTY, "{sha-256}***not base64***"));
        assertFalse(c.configured());
        ConsoleCredentials unknown = credentials(Map.of(ConsoleCredentials.PASSWORD_PROPERTY, "{rot13}abc"));
        assertFalse(unknown.configured());
    }
}
