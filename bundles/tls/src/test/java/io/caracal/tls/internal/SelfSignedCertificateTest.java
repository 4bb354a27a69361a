package io.caracal.tls.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.caracal.tls.internal.ContextKeeperTest.RecordingRegistry;
import io.caracal.tls.internal.TlsPeers.Client;
import io.caracal.tls.internal.TlsPeers.Server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    @TempDir
    Path home;

    /** As the default configuration file has it. */
    private Map<String, Object> defaultConfig() {
        return new TestConfig(home, "default").set("self.signed", "true")
                .set("certificates", "${caracal.home}/conf/tls/localhost.crt ${caracal.home}/conf/tls/localhost.key").properties();
    }

    @Test
    void firstStartGeneratesThenLaterStartsReuse() throws Exception {
        Path certificate = home.resolve("conf/tls/localhost.crt");
        Path key = home.resolve("conf/tls/localhost.key");
        RecordingRegistry registry = new RecordingRegistry();
        ContextKeeper first = new ContextKeeper("first", home, registry::publish, registry::withdraw);
        first.configure(defaultConfig());
        X509Certificate served;
        try {
            assertTrue(Files.isRegularFile(certificate));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            assertNotNull(registry.current);
            try (Server server = new Server(registry.current::sslContext)) {
                served = Client.noSni().connect(server.port()).serverCertificate();
            }
        } finally {
            first.close();
        }
        assertEquals("CN=localhost", served.getSubjectX500Principal().getName());
        List<String> sans = served.getSubjectAlternativeNames().stream().map(san -> san.get(1).toString()).toList();
        assertEquals(List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1"), sans);
        assertEquals("EC", served.getPublicKey().getAlgorithm());
        long days = Duration.between(served.getNotBefore().toInstant(), served.getNotAfter().toInstant()).toDays();
        assertTrue(days >= 365 && days <= 366, days + " days");

        byte[] keyBytes = Files.readAllBytes(key);
        RecordingRegistry again = new RecordingRegistry();
        ContextKeeper second = new ContextKeeper("second", home, again::publish, again::withdraw);
        second.configure(defaultConfig());
        try (Server server = new Server(again.current::sslContext)) {
            assertEquals(served, Client.noSni().connect(server.port()).serverCertificate(), "the same certificate");
        } finally {
            second.close();
        }
        assertArrayEquals(keyBytes, Files.readAllBytes(key), "the key is not rewritten");
    }

    @Test
    void oneFileMissingIsAnErrorAndNothingIsOverwritten() throws Exception {
        Path certificate = Files.createDirectories(home.resolve("conf/tls")).resolve("localhost.crt");
        Files.writeString(certificate, "keep me");
        RecordingRegistry registry = new RecordingRegistry();
        ContextKeeper keeper = new ContextKeeper("half", home, registry::publish, registry::withdraw);
        try {
            keeper.configure(defaultConfig());
            assertNull(registry.current);
            assertEquals("keep me", Files.readString(certificate));
            assertFalse(Files.exists(home.resolve("conf/tls/localhost.key")));
        } finally {
            keeper.close();
        }
    }

    @Test
    void writeIfMissingWritesPemOnlyWhenBothAreMissing() throws Exception {
        Path certificate = home.resolve("a/b/site.crt");
        Path key = home.resolve("a/b/site.key");
        assertTrue(SelfSignedCertificate.writeIfMissing(certificate, key));
        assertTrue(Files.readString(certificate).startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertFalse(SelfSignedCertificate.writeIfMissing(certificate, key));
        assertTrue(KeyMaterial.keyMatches(PemReader.privateKey(key, null), PemReader.certificates(certificate).get(0).getPublicKey()));
        try (var files = Files.list(home.resolve("a/b"))) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }
}
