package io.caracal.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import io.caracal.api.tls.TlsContext;
import io.caracal.tls.internal.TestPki.Issued;
import io.caracal.tls.internal.TlsPeers.Client;
import io.caracal.tls.internal.TlsPeers.Connection;
import io.caracal.tls.internal.TlsPeers.Server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle: publishing, reloading on file changes, keeping the last good context. */
class ContextKeeperTest {

    /** Records what a keeper publishes, as the OSGi service registry would hold it. */
    static final class RecordingRegistry {
        final List<String> published = new CopyOnWriteArrayList<>();
        volatile TlsContext current;
        volatile int withdrawals;

        public void publish(String name, TlsContext context) {
            published.add(name);
            current = context;
        }

        public void withdraw() {
            withdrawals++;
            current = null;
        }
    }

    @TempDir
    Path dir;

    Issued ca;
    RecordingRegistry registry;
    ContextKeeper keeper;

    @BeforeEach
    void setUp() throws Exception {
        ca = TestPki.ca("Reload CA");
        registry = new RecordingRegistry();
        keeper = new ContextKeeper("test", dir, registry::publish, registry::withdraw);
    }

    @AfterEach
    void tearDown() {
        keeper.close();
    }

    private Issued writePair(String host) throws Exception {
        Issued issued = TestPki.server(ca, TestPki.ec(), host);
        TestPki.writePkcs8(dir.resolve("site.key"), issued.key());
        TestPki.writeCertificates(dir.resolve("site.crt"), issued.certificate());
        return issued;
    }

    private TestConfig config() {
        return new TestConfig(dir, "site").set("certificates", "site.crt site.key").set("reload.interval.ms", "100");
    }

    private static X509Certificate served(Server server) throws Exception {
        return Client.noSni().connect(server.port()).serverCertificate();
    }

    private static void await(String what, ThrowingCheck check) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    interface ThrowingCheck {
        boolean ok() throws Exception;
    }

    @Test
    void aReplacedCertificateServesNewConnectionsAndLeavesOpenOnesAlone() throws Exception {
        Issued first = writePair("v1.example.com");
        keeper.configure(config().properties());
        TlsContext context = registry.current;
        assertNotNull(context);
        try (Server server = new Server(context::sslContext); Connection open = Client.noSni().open(server.port())) {
            assertEquals(first.certificate(), open.serverCertificate());
            SSLContext before = context.sslContext();

            Issued second = writePair("v2.example.com");
            await("the new certificate", () -> second.certificate().equals(served(server)));

            assertEquals("still there anonymous", open.exchange("still there"), "the open connection keeps working");
            assertEquals(first.certificate(), open.serverCertificate());
            assertTrue(before != context.sslContext(), "a new SSLContext");
            assertEquals(List.of("site"), registry.published, "swapped in place, not re-registered");
        }
    }

    @Test
    void aBrokenReloadKeepsTheLastGoodContextUntilTheFilesAreFixed() throws Exception {
        Issued first = writePair("v1.example.com");
        keeper.configure(config().properties());
        TlsContext context = registry.current;
        SSLContext good = context.sslContext();
        try (Server server = new Server(context::sslContext)) {
            TestPki.writePkcs8(dir.resolve("site.key"), TestPki.ec().getPrivate()); // does not match site.crt
            Thread.sleep(600);
            assertSame(good, context.sslContext());
            assertEquals(first.certificate(), served(server));

            Issued fixed = writePair("v3.example.com");
            await("the fixed certificate", () -> fixed.certificate().equals(served(server)));
        }
    }

    @Test
    void badFilesAtFirstPublishNothingUntilFixed() throws Exception {
        keeper.configure(config().properties());
        assertNull(registry.current, "no files yet: not registered");
        Issued later = writePair("late.example.com");
        await("the context to be published", () -> registry.current != null);
        try (Server server = new Server(registry.current::sslContext)) {
            assertEquals(later.certificate(), served(server));
        }
    }

    @Test
    void aBadConfigurationChangeKeepsTheLastGood() throws Exception {
        writePair("v1.example.com");
        keeper.configure(config().properties());
        SSLContext good = registry.current.sslContext();
        keeper.configure(config().set("client.auth", "required").properties()); // no trust.ca.path
        keeper.configure(config().set("certificates", "site.crt missing.key").properties());
        assertSame(good, registry.current.sslContext());
        assertEquals(List.of("site"), registry.published);
    }

    @Test
    void settingsChangesApplyAndANewNameRepublishes() throws Exception {
        writePair("v1.example.com");
        keeper.configure(config().properties());
        keeper.configure(config().set("protocols", "TLSv1.2").properties());
        assertEquals(List.of("TLSv1.2"), registry.current.protocols());
        keeper.configure(config().set("protocols", "TLSv1.2").set("name", "renamed").properties());
        assertEquals(List.of("site", "renamed"), registry.published);
    }

    @Test
    void closeWithdrawsAndStopsPolling() throws Exception {
        writePair("v1.example.com");
        keeper.configure(config().properties());
        assertTrue(pollingThreadAlive());
        keeper.close();
        assertEquals(1, registry.withdrawals);
        await("the polling thread to end", () -> !pollingThreadAlive());
    }

    @Test
    void reloadingCanBeTurnedOff() throws Exception {
        Issued first = writePair("v1.example.com");
        keeper.configure(config().set("reload.interval.ms", "0").properties());
        assertTrue(!pollingThreadAlive());
        writePair("v2.example.com");
        Thread.sleep(300);
        try (Server server = new Server(registry.current::sslContext)) {
            assertEquals(first.certificate(), served(server));
        }
    }

    @Test
    void theSameConfigurationAgainRetriesAFailedLoad() throws Exception {
        TestConfig config = config().set("reload.interval.ms", "0");
        keeper.configure(config.properties());
        assertNull(registry.current);
        writePair("v1.example.com");
        keeper.configure(config.properties()); // FileInstall re-delivers a touched file
        assertNotNull(registry.current);
    }

    private static boolean pollingThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("caracal-tls-test") && t.isAlive());
    }

    @Test
    void unchangedFilesAreNotReloaded() throws Exception {
        writePair("v1.example.com");
        keeper.configure(config().properties());
        SSLContext first = registry.current.sslContext();
        Files.readAllBytes(dir.resolve("site.crt"));
        Thread.sleep(400);
        assertSame(first, registry.current.sslContext());
    }
}
