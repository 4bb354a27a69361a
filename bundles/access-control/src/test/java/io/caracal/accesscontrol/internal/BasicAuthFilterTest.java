package io.caracal.accesscontrol.internal;

import static io.caracal.accesscontrol.internal.PasswordVerifier.Result.INVALID;
import static io.caracal.accesscontrol.internal.PasswordVerifier.Result.VALID;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

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
        return bcrypt(version, password, 4);
    }

    static String bcrypt(String version, String password, int cost) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate(version, password.getBytes(StandardCharsets.UTF_8), salt, cost);
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
    void underscoreSpellingsOfTheUserHeaderAreRemoved() {
        // CGI, WSGI and PHP upstreams map X-Authenticated-User and X_Authenticated_User alike to
        // HTTP_X_AUTHENTICATED_USER: a client must not get its own value there under another spelling.
        FakeFilterContext context = new FakeFilterContext().header("Authorization", basic("alice", "wonderland"))
                .header("X_Authenticated_User", "root").header("x-authenticated_user", "root");
        assertTrue(build().filter().apply(context).allowed());
        assertEquals("alice", context.upstreamHeaders.get("X-Authenticated-User"));
        for (String forged : List.of("X_Authenticated_User", "X-Authenticated_User", "X_Authenticated-User")) {
            assertTrue(context.upstreamHeaders.containsKey(forged), forged);
            assertNull(context.upstreamHeaders.get(forged), forged + " removed");
        }

        FakeFilterContext renamed = new FakeFilterContext().header("Authorization", basic("alice", "wonderland"))
                .header("X-User", "root").header("X_User", "root");
        assertTrue(build("user.header", "X-User").filter().apply(renamed).allowed());
        assertEquals("alice", renamed.upstreamHeaders.get("X-User"));
        assertTrue(renamed.upstreamHeaders.containsKey("X_User"));
        assertNull(renamed.upstreamHeaders.get("X_User"), "removed");
    }

    @Test
    void userHeaderCanBeRenamedOrTurnedOff() {
        FakeFilterContext renamed = new FakeFilterContext().header("Authorization", basic("alice", "wonderland"));
        assertTrue(build("user.header", "X-User", "strip.credentials", "false").filter().apply(renamed).allowed());
        Map<String, String> expected = new HashMap<>();
        expected.put("X_User", null);
        expected.put("X-User", "alice");
        assertEquals(expected, renamed.upstreamHeaders);

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
        assertEquals(INVALID, verifier.verify("alice", wrong));
        assertEquals(0, verifier.cached(), "failures are not cached");
        assertEquals(VALID, verifier.verify("alice", right));
        assertEquals(1, verifier.cached());
        assertEquals(VALID, verifier.verify("alice", right));
        assertEquals(INVALID, verifier.verify("alice", wrong));
        assertEquals(INVALID, verifier.verify("alic", "ewonderland".getBytes(StandardCharsets.UTF_8)));
        assertEquals(INVALID, verifier.verify("mallory", right));
        assertEquals(1, verifier.cached());
    }

    /** A verifier with its own bcrypt slots that records the cost of every bcrypt check it makes. */
    private static PasswordVerifier recording(Map<String, String> users, Semaphore slots, List<Integer> costs) {
        return new PasswordVerifier(users, slots, (hash, password) -> {
            costs.add(HtpasswdFile.cost(hash));
            return OpenBSDBCrypt.checkPassword(hash, password);
        });
    }

    /** bcrypt's work for checks of these costs, in units of a cost-0 check (it doubles with each step). */
    private static long work(List<Integer> costs) {
        return costs.stream().mapToLong(cost -> 1L << cost).sum();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyFailureCostsAsMuchAsTheHighestCostInTheFile() {
        // Most users at cost 4, one at 6: the usual cost (4) for the dummy would make a wrong password
        // for carol measurably slower than an unknown user, and so give carol away.
        Map<String, String> users = Map.of("alice", bcrypt("2b", "wonderland", 4), "bob", bcrypt("2b", "builder", 4),
                "dave", bcrypt("2b", "diver", 4), "carol", bcrypt("2y", "christmas", 6));
        List<Integer> costs = new ArrayList<>();
        PasswordVerifier verifier = recording(users, new Semaphore(1), costs);

        assertEquals(INVALID, verifier.verify("mallory", bytes("wonderland")));
        assertEquals(List.of(6), costs, "an unknown user is checked against a dummy of the highest cost");
        costs.clear();
        assertEquals(INVALID, verifier.verify("carol", bytes("wrong")));
        assertEquals(List.of(6), costs);
        costs.clear();
        assertEquals(INVALID, verifier.verify("alice", bytes("wrong")));
        assertEquals(List.of(4, 4, 5), costs, "a lower-cost failure is padded up to the highest cost");
        assertEquals(work(List.of(6)), work(costs));
        costs.clear();

        assertEquals(VALID, verifier.verify("alice", bytes("wonderland")));
        assertEquals(List.of(4), costs, "a success is not padded");
        costs.clear();
        assertEquals(VALID, verifier.verify("alice", bytes("wonderland")));
        assertEquals(List.of(), costs, "a cached success runs no bcrypt");
    }

    @Test
    void singleCostFileNeedsNoPadding() {
        List<Integer> costs = new ArrayList<>();
        PasswordVerifier verifier = recording(Map.of("alice", bcrypt("2b", "wonderland", 5)), new Semaphore(1), costs);
        assertEquals(INVALID, verifier.verify("alice", bytes("wrong")));
        assertEquals(INVALID, verifier.verify("mallory", bytes("wrong")));
        assertEquals(List.of(5, 5), costs);
    }

    @Test
    void bcryptRunsOnlyInAFreeSlotAndCachedSuccessesNeedNone() {
        Semaphore slots = new Semaphore(2);
        List<Integer> costs = new ArrayList<>();
        Map<String, String> users = Map.of("alice", bcrypt("2y", "wonderland"), "bob", bcrypt("2a", "builder"));
        PasswordVerifier verifier = recording(users, slots, costs);
        RequestFilter filter = new BasicAuthFilter("ops", "Caracal", verifier, "X-Authenticated-User", true);
        assertTrue(filter.apply(new FakeFilterContext().header("Authorization", basic("alice", "wonderland"))).allowed());
        assertEquals(2, slots.availablePermits(), "the slot is given back");

        slots.acquireUninterruptibly(2); // every slot busy
        try {
            costs.clear();
            FakeFilterContext cached = new FakeFilterContext().header("Authorization", basic("alice", "wonderland"));
            assertTrue(filter.apply(cached).allowed(), "a cached success is never refused");
            assertEquals("alice", cached.upstreamHeaders.get("X-Authenticated-User"));
            // Known user (right or wrong password) and unknown user alike: busy does not reveal who exists.
            for (String[] user : new String[][] { { "bob", "builder" }, { "alice", "looking-glass" }, { "mallory", "x" } }) {
                FakeFilterContext context = new FakeFilterContext().header("Authorization", basic(user[0], user[1]));
                FilterDecision decision = filter.apply(context);
                assertFalse(decision.allowed(), user[0]);
                assertEquals(503, decision.status());
                assertEquals("too many password checks in progress", decision.reason());
                assertEquals(List.of(Map.entry("Retry-After", "1")), decision.headers());
                assertTrue(context.upstreamHeaders.isEmpty());
                assertNull(context.attributes().get(FilterContext.IDENTITY_CLAIMS));
            }
            assertEquals(List.of(), costs, "no bcrypt ran");
            assertEquals(0, slots.availablePermits());
        } finally {
            slots.release(2);
        }
        assertTrue(filter.apply(new FakeFilterContext().header("Authorization", basic("bob", "builder"))).allowed());
        assertEquals(2, slots.availablePermits());
    }

    @Test
    void aCheckHoldsItsSlotUntilItEndsEvenWhenItFails() {
        Semaphore slots = new Semaphore(1);
        List<Integer> during = new ArrayList<>();
        PasswordVerifier verifier = new PasswordVerifier(Map.of("alice", bcrypt("2b", "wonderland")), slots,
                (hash, password) -> {
                    during.add(slots.availablePermits());
                    if (password.length == 0) {
                        throw new IllegalStateException("bcrypt failed");
                    }
                    return OpenBSDBCrypt.checkPassword(hash, password);
                });
        assertEquals(VALID, verifier.verify("alice", bytes("wonderland")));
        assertEquals(INVALID, verifier.verify("mallory", bytes("x")));
        assertEquals(List.of(0, 0), during, "the slot is taken while bcrypt runs");
        assertThrows(IllegalStateException.class, () -> verifier.verify("alice", new byte[0]));
        assertEquals(1, slots.availablePermits(), "given back after an exception too");
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
