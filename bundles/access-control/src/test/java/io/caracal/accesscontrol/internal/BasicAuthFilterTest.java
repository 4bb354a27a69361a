package io.caracal.accesscontrol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import io.caracal.api.config.ConfigException;
import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;
import io.caracal.api.testing.FakeFilterContext;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicAuthFilterTest {

    private static final String CHALLENGE = "Basic realm=\"Caracal\", charset=\"UTF-8\"";

    @TempDir
    Path home;

    @BeforeEach
    void writeUsers() throws IOException {
        Files.writeString(home.resolve("users"), "# operators\n"
                + "alice:" + bcrypt("2y", "wonderland") + "\n"
                + "\n"
                + "bob:" + bcrypt("2a", "builder") + "\n"
                + "zoë:" + bcrypt("2b", "pässwort") + "\n");
    }

    static String bcrypt(String version, String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate(version, password.getBytes(StandardCharsets.UTF_8), salt, 4);
    }

    private BuiltFilter build(String... extra) {
        String[] keys = new String[extra.length + 4];
        keys[0] = "name";
        keys[1] = "ops";
        keys[2] = "users.file";
        keys[3] = "users";
        System.arraycopy(extra, 0, keys, 4, extra.length);
        return BasicAuthFilter.build(TestSettings.settings(home, keys));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertChallenge(FilterDecision decision) {
        assertFalse(decision.allowed());
        assertEquals(401, decision.status());
        assertEquals(1, decision.headers().size());
        assertEquals("WWW-Authenticate", decision.headers().get(0).getKey());
        assertEquals(CHALLENGE, decision.headers().get(0).getValue());
    }

    @Test
    void validCredentialsPassAndSetTheIdentity() {
        RequestFilter filter = build().filter();
        FakeFilterContext context = new FakeFilterContext().header("Authorization", basic("alice", "wonderland"));
        assertTrue(filter.apply(context).allowed());
        assertEquals(Map.of("sub", "alice"), context.attributes().get(FilterContext.IDENTITY_CLAIMS));
        for (String[] user : new String[][] { { "bob", "builder" }, { "zoë", "pässwort" } }) {
            assertTrue(filter.apply(new FakeFilterContext().header("Authorization", basic(user[0], user[1]))).allowed(), user[0]);
        }
    }

    @Test
    void schemeIsCaseInsensitive() {
        RequestFilter filter = build().filter();
        String value = basic("alice", "wonderland").replace("Basic ", "bAsIc   ");
        assertTrue(filter.apply(new FakeFilterContext().header("Authorization", value)).allowed());
    }

    @Test
    void passwordMayContainColons() throws IOException {
        Files.writeString(home.resolve("users"), "carol:" + bcrypt("2b", "a:b:c") + "\n");
        assertTrue(build().filter().apply(new FakeFilterContext().header("Authorization", basic("carol", "a:b:c"))).allowed());
    }

    @Test
    void wrongPasswordIsRefused() {
        FakeFilterContext context = new FakeFilterContext().header("Authorization", basic("alice", "looking-glass"));
        FilterDecision decision = build().filter().apply(context);
        assertChallenge(decision);
        assertEquals("invalid user name or password", decision.reason());
        assertNull(context.attributes().get(FilterContext.IDENTITY_CLAIMS));
        assertTrue(context.upstreamHeaders.isEmpty());
    }

    @Test
    void unknownUserGetsTheSameAnswer() {
        FilterDecision decision = build().filter().apply(new FakeFilterContext().header("Authorization", basic("mallory", "wonderland")));
        assertChallenge(decision);
        assertEquals("invalid user name or password", decision.reason());
    }

    @Test
    void missingHeaderIsChallenged() {
        FilterDecision decision = build().filter().apply(new FakeFilterContext());
        assertChallenge(decision);
        assertEquals("authentication required", decision.reason());
    }

    @Test
    void otherSchemeIsChallenged() {
        assertChallenge(build().filter().apply(new FakeFilterContext().header("Authorization", "Bearer abc.def.ghi")));
    }

    @Test
    void malformedHeadersAreChallenged() {
        RequestFilter filter = build().filter();
        String noColon = "Basic " + Base64.getEncoder().encodeToString("alice".getBytes(StandardCharsets.UTF_8));
        String emptyUser = "Basic " + Base64.getEncoder().encodeToString(":wonderland".getBytes(StandardCharsets.UTF_8));
        String badUtf8 = "Basic " + Base64.getEncoder().encodeToString(new byte[] { (byte) 0xC3, 0x28, ':', 'x' });
        for (String value : new String[] { "Basic", "Basic !!!not-base64!!!", noColon, emptyUser, badUtf8 }) {
            FilterDecision decision = filter.apply(new FakeFilterContext().header("Authorization", value));
            assertChallenge(decision);
            assertEquals("malformed Authorization header", decision.reason(), value);
        }
        FakeFilterContext twice = new FakeFilterContext().header("Authorization", basic("alice", "wonderland"))
                .header("Authorization", basic("bob", "builder"));
        assertChallenge(filter.apply(twice));
    }

    @Test
    void credentialsAreStrippedAndUserHeaderReplacesForgedValue() {
        FakeFilterContext context = new FakeFilterContext().header("Authorization", basic("alice", "wonderland"))
                .header("X-Authenticated-User", "root");
        assertTrue(build().filter().apply(context).allowed());
        assertEquals("alice", context.upstreamHeaders.get("X-Authenticated-User"));
        assertTrue(context.upstreamHeaders.containsKey("Authorization"));
        assertNull(context.upstreamHeaders.get("Authorization"), "removed");
    }

    @Test
    void userHeaderCanBeRenamedOrTurnedOff() {
        FakeFilterContext renamed = new FakeFilterContext().header("Authorization", basic("alice", "wonderland"));
        assertTrue(build("user.header", "X-User", "strip.credentials", "false").filter().apply(renamed).allowed());
        assertEquals(Map.of("X-User", "alice"), renamed.upstreamHeaders);

        FakeFilterContext none = new FakeFilterContext().header("Authorization", basic("alice", "wonderland"));
        assertTrue(build("user.header", "", "strip.credentials", "false").filter().apply(none).allowed());
        assertTrue(none.upstreamHeaders.isEmpty());
    }

    @Test
    void realmIsConfigurable() {
        FilterDecision decision = build("realm", "Back office").filter().apply(new FakeFilterContext());
        assertEquals("Basic realm=\"Back office\", charset=\"UTF-8\"", decision.headers().get(0).getValue());
        assertEquals("realm", assertThrows(ConfigException.class, () -> build("realm", "a\"b")).key());
    }

    @Test
    void reservedUserHeaderIsRejected() {
        assertEquals("user.header", assertThrows(ConfigException.class, () -> build("user.header", "Host")).key());
        assertEquals("user.header", assertThrows(ConfigException.class, () -> build("user.header", "X User")).key());
    }

    @Test
    void successfulChecksAreCachedButWrongPasswordsNeverPass() {
        Map<String, String> users = Map.of("alice", bcrypt("2b", "wonderland"));
        PasswordVerifier verifier = new PasswordVerifier(users);
        byte[] right = "wonderland".getBytes(StandardCharsets.UTF_8);
        byte[] wrong = "wonderlanD".getBytes(StandardCharsets.UTF_8);
        assertFalse(verifier.verify("alice", wrong));
        assertEquals(0, verifier.cached(), "failures are not cached");
        assertTrue(verifier.verify("alice", right));
        assertEquals(1, verifier.cached());
        assertTrue(verifier.verify("alice", right));
        assertFalse(verifier.verify("alice", wrong));
        assertFalse(verifier.verify("alic", "ewonderland".getBytes(StandardCharsets.UTF_8)));
        assertFalse(verifier.verify("mallory", right));
        assertEquals(1, verifier.cached());
    }

    @Test
    void nonBcryptLineNamesFileAndLine() throws IOException {
        Path users = home.resolve("users");
        Files.writeString(users, "# comment\nalice:" + bcrypt("2y", "x") + "\nbob:$apr1$abcdefgh$0123456789abcdefghijkl\n");
        ConfigException e = assertThrows(ConfigException.class, this::build);
        assertEquals("users.file", e.key());
        assertTrue(e.getMessage().startsWith(TestSettings.CFG + ": key 'users.file': " + users + " line 3: "), e.getMessage());
        assertTrue(e.getMessage().contains("MD5-crypt"), e.getMessage());
        assertFalse(e.getMessage().contains("0123456789"), "the hash is not repeated");

        Files.writeString(users, "alice:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
        assertTrue(assertThrows(ConfigException.class, this::build).getMessage().contains(users + " line 1: "));
        Files.writeString(users, "alice:plaintext\n");
        assertTrue(assertThrows(ConfigException.class, this::build).getMessage().contains(users + " line 1: "));
    }

    @Test
    void malformedLinesNameFileAndLine() throws IOException {
        Path users = home.resolve("users");
        Files.writeString(users, "alice:" + bcrypt("2y", "x") + "\nno-colon-here\n");
        assertTrue(assertThrows(ConfigException.class, this::build).getMessage().contains(users + " line 2: expected"));
        Files.writeString(users, "alice:" + bcrypt("2y", "x") + "\r\nalice:" + bcrypt("2y", "y") + "\r\n");
        assertTrue(assertThrows(ConfigException.class, this::build).getMessage().contains(users + " line 2: user 'alice' is listed twice"));
        Files.writeString(users, "# nobody\n");
        assertEquals("users.file", assertThrows(ConfigException.class, this::build).key());
    }

    @Test
    void missingUsersFileNamesKey() throws IOException {
        Files.delete(home.resolve("users"));
        ConfigException e = assertThrows(ConfigException.class, this::build);
        assertEquals("users.file", e.key());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertEquals("users.file", assertThrows(ConfigException.class,
                () -> BasicAuthFilter.build(TestSettings.settings(home, "name", "x"))).key());
    }

    @Test
    void crlfFilesAndHomeVariableWork() throws IOException {
        Files.writeString(home.resolve("users"), "alice:" + bcrypt("2b", "wonderland") + "\r\n");
        RequestFilter filter = BasicAuthFilter.build(TestSettings.settings(home, "name", "ops", "users.file",
                "${caracal.home}/users")).filter();
        assertTrue(filter.apply(new FakeFilterContext().header("Authorization", basic("alice", "wonderland"))).allowed());
    }
}
