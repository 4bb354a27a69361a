package io.caracal.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.caracal.tls.internal.TestPki.Issued;
import io.caracal.tls.internal.TlsPeers.Client;
import io.caracal.tls.internal.TlsPeers.Server;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real handshakes over loopback against contexts built from configurations and PEM files. */
class HandshakeTest {

    @TempDir
    static Path dir;

    static Issued ca;
    static Issued a;
    static Issued b;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestPki.ca("Test CA");
        a = TestPki.server(ca, TestPki.ec(), "a.example.com");
        b = TestPki.server(ca, TestPki.ec(), "b.example.com", "*.b.example.com");
        TestPki.writeCertificates(dir.resolve("a.crt"), a.certificate(), ca.certificate());
        TestPki.writePkcs8(dir.resolve("a.key"), a.key());
        TestPki.writeCertificates(dir.resolve("b.crt"), b.certificate(), ca.certificate());
        TestPki.writeTraditional(dir.resolve("b.key"), b.keys()); // SEC1
        TestPki.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
    }

    private static TestConfig twoCertificates() {
        return new TestConfig(dir, "sni").set("certificates", "a.crt a.key, b.crt b.key");
    }

    private static Server serve(TestConfig config) throws Exception {
        LoadedContext context = config.load();
        return new Server(context::sslContext);
    }

    @Test
    void sniPicksTheCertificateByNameAndFallsBackToTheFirst() throws Exception {
        try (Server server = serve(twoCertificates())) {
            assertEquals(a.certificate(), Client.sni("a.example.com").connect(server.port()).serverCertificate());
            assertEquals(b.certificate(), Client.sni("b.example.com").connect(server.port()).serverCertificate());
            assertEquals(b.certificate(), Client.sni("B.Example.COM").connect(server.port()).serverCertificate());
            // The wildcard covers one label, not two.
            assertEquals(b.certificate(), Client.sni("www.b.example.com").connect(server.port()).serverCertificate());
            assertEquals(a.certificate(), Client.sni("x.www.b.example.com").connect(server.port()).serverCertificate());
            // No SNI, or a name no certificate has: the default, the first one.
            assertEquals(a.certificate(), Client.noSni().connect(server.port()).serverCertificate());
            assertEquals(a.certificate(), Client.sni("unknown.example.org").connect(server.port()).serverCertificate());
        }
    }

    @Test
    void defaultAliasChoosesTheFallback() throws Exception {
        try (Server server = serve(twoCertificates().set("default.alias", "b.crt"))) {
            assertEquals(b.certificate(), Client.noSni().connect(server.port()).serverCertificate());
            assertEquals(a.certificate(), Client.sni("a.example.com").connect(server.port()).serverCertificate());
        }
    }

    @Test
    void servesTheChainFromTheCertificateFile() throws Exception {
        try (Server server = serve(twoCertificates());
                TlsPeers.Connection connection = Client.sni("a.example.com").open(server.port())) {
            assertEquals(List.of(a.certificate(), ca.certificate()), List.of(connection.peerChain()));
        }
    }

    @Test
    void keyTypeAwareForOneNameWithAnEcAndAnRsaCertificate() throws Exception {
        Issued rsa = TestPki.server(ca, TestPki.rsa(), "a.example.com");
        TestPki.writeCertificates(dir.resolve("a-rsa.crt"), rsa.certificate());
        TestPki.writeTraditional(dir.resolve("a-rsa.key"), rsa.keys()); // PKCS#1
        TestConfig config = new TestConfig(dir, "dual").set("certificates", "a.crt a.key, a-rsa.crt a-rsa.key");
        try (Server server = serve(config)) {
            Client tls12 = Client.sni("a.example.com").protocols("TLSv1.2");
            assertEquals(rsa.certificate(), tls12.cipherSuites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").connect(server.port()).serverCertificate());
            assertEquals(a.certificate(), tls12.cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").connect(server.port()).serverCertificate());
            // Without SNI an RSA-only client gets the default's RSA twin rather than nothing.
            assertEquals(rsa.certificate(), Client.noSni().protocols("TLSv1.2").cipherSuites("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
                    .connect(server.port()).serverCertificate());
        }
    }

    @Test
    void tls13And12AcceptedTls11Refused() throws Exception {
        try (Server server = serve(twoCertificates())) {
            assertEquals("TLSv1.3", Client.noSni().connect(server.port()).protocol());
            assertEquals("TLSv1.2", Client.noSni().protocols("TLSv1.2").connect(server.port()).protocol());
            assertThrows(SSLException.class, () -> Client.noSni().protocols("TLSv1.1").connect(server.port()));
            assertThrows(SSLException.class, () -> Client.noSni().protocols("TLSv1").connect(server.port()));
            assertNotNull(server.nextFailure(), "the server refused the handshake");
        }
    }

    @Test
    void tls11OnlyWhenListed() throws Exception {
        try (Server server = serve(twoCertificates().set("protocols", "TLSv1.2, TLSv1.1"))) {
            assertEquals("TLSv1.1", Client.noSni().protocols("TLSv1.1").connect(server.port()).protocol());
            assertThrows(SSLException.class, () -> Client.noSni().protocols("TLSv1.3").connect(server.port()));
        }
    }

    @Test
    void onlyConfiguredCipherSuitesAreOffered() throws Exception {
        TestConfig config = twoCertificates().set("cipher.suites", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_AES_256_GCM_SHA384")
                .set("protocols", "TLSv1.2");
        try (Server server = serve(config)) {
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", Client.noSni().connect(server.port()).cipherSuite());
            assertThrows(SSLException.class, () -> Client.noSni().cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
                    .connect(server.port()));
        }
    }

    @Test
    void requiredClientCertificates() throws Exception {
        Issued alice = TestPki.client(ca, "alice");
        Issued stranger = TestPki.client(TestPki.ca("Other CA"), "mallory");
        try (Server server = serve(twoCertificates().set("client.auth", "required").set("trust.ca.path", "ca.pem"))) {
            assertEquals("hello CN=alice", Client.noSni().certificate(alice).connect(server.port()).reply());
            // The client learns of it by an alert or a closed connection, depending on timing.
            assertThrows(IOException.class, () -> Client.noSni().connect(server.port()));
            assertInstanceOf(SSLHandshakeException.class, server.nextFailure(), "no client certificate");
            assertThrows(IOException.class, () -> Client.noSni().certificate(stranger).connect(server.port()));
            assertInstanceOf(SSLHandshakeException.class, server.nextFailure(), "a client certificate from another CA");
            // Also over TLS 1.2, where the rejection comes during the handshake.
            assertThrows(IOException.class, () -> Client.noSni().protocols("TLSv1.2").connect(server.port()));
            assertInstanceOf(SSLHandshakeException.class, server.nextFailure(), "no client certificate over TLS 1.2");
            assertTrue(server.failures.isEmpty());
        }
    }

    @Test
    void optionalClientCertificates() throws Exception {
        Issued alice = TestPki.client(ca, "alice");
        try (Server server = serve(twoCertificates().set("client.auth", "optional").set("trust.ca.path", "ca.pem"))) {
            assertEquals("hello CN=alice", Client.noSni().certificate(alice).connect(server.port()).reply());
            assertEquals("hello anonymous", Client.noSni().connect(server.port()).reply());
        }
    }

    @Test
    void noClientCertificateRequestedByDefault() throws Exception {
        Issued alice = TestPki.client(ca, "alice");
        try (Server server = serve(twoCertificates())) {
            assertEquals("hello anonymous", Client.noSni().certificate(alice).connect(server.port()).reply());
        }
    }

    @Test
    void keystoreEntriesAreServedBySni() throws Exception {
        TestPki.writeKeyStore(dir.resolve("both.p12"), "PKCS12", "secret", Map.of("alpha", a, "beta", b));
        TestConfig config = new TestConfig(dir, "ks").set("keystore.path", "both.p12").set("keystore.password", "secret")
                .set("default.alias", "beta");
        try (Server server = serve(config)) {
            assertEquals(a.certificate(), Client.sni("a.example.com").connect(server.port()).serverCertificate());
            assertEquals(b.certificate(), Client.noSni().connect(server.port()).serverCertificate());
        }
    }

    @Test
    void contextsCarryTheirSettings() {
        LoadedContext context = twoCertificates().load();
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), context.protocols());
        assertEquals(ProtocolPolicy.MODERN_SUITES, context.cipherSuites());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(context.sslContext().getDefaultSSLParameters().getProtocols()));
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(context.sslContext().createSSLEngine().getEnabledProtocols()));
    }
}
