package io.caracal.console.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Credentials as the launcher hands them to the framework: {@code {sha-256}<base64>}. */
final class TestCredentials {

    private TestCredentials() {
    }

    static String hashed(String password) {
        return "{sha-256}" + Base64.getEncoder().encodeToString(
                ConsoleCredentials.sha256(password.getBytes(StandardCharsets.UTF_8)));
    }

    static ConsoleCredentials console() {
        Map<String, String> properties = Map.of(ConsoleCredentials.PASSWORD_PROPERTY, hashed(Fixtures.PASSWORD));
        return ConsoleCredentials.from(properties::get);
    }

    static String[] auth() {
        return new String[] {"Authorization", JettyHarness.basic(Fixtures.USER, Fixtures.PASSWORD)};
    }

    static String[] with(String... more) {
        String[] auth = auth();
        String[] all = new String[auth.length + more.length];
        System.arraycopy(auth, 0, all, 0, auth.length);
        System.arraycopy(more, 0, all, auth.length, more.length);
        return all;
    }
}
