package io.caracal.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.caracal.api.config.ConfigException;
import io.caracal.tls.internal.TestPki.Issued;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is rejected with the configuration file, the key and the file at fault named. */
class ConfigErrorsTest {

    @TempDir
    static Path dir;

    static Issued ca;
    static Issued good;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestPki.ca("Test CA");
        good = TestPki.server(ca, TestPki.ec(), "good.example.com");
        TestPki.writeCertificates(dir.resolve("good.crt"), good.certificate());
        TestPki.writePkcs8(dir.resolve("good.key"), good.key());
        TestPki.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
    }

    /** Loads and expects a rejection naming the .cfg file and {@code key}; returns the message. */
    private static String rejected(TestConfig config, String key) {
        ConfigException e = assertThrows(ConfigException.class, config::load);
        assertEquals(key, e.key(), e.getMessage());
        assertEquals(config.cfgFile().toString(), e.source());
        assertTrue(e.getMessage().startsWith(config.cfgFile() + ": key '" + key + "': "), e.getMessage());
        return e.getMessage();
    }

    private static TestConfig config(String certificates) {
        return new TestConfig(dir, "bad").set("certificates", certificates);
    }

    @Test
    void keyOfAnotherCertificate() throws Exception {
        TestPki.writePkcs8(dir.resolve("other.key"), TestPki.ec().getPrivate());
        String message = rejected(config("good.crt other.key"), "certificates");
        assertTrue(message.contains("does not belong to the certificate"), message);
        assertTrue(message.contains(dir.resolve("other.key").toString()), message);
    }

    @Test
    void keyOfAnotherAlgorithm() throws Exception {
        TestPki.writePkcs8(dir.resolve("rsa.key"), TestPki.rsa().getPrivate());
        assertTrue(rejected(config("good.crt rsa.key"), "certificates").contains("does not belong"));
    }

    @Test
    void expiredCertificate() throws Exception {
        Issued expired = TestPki.server(ca, TestPki.ec(), Instant.now().minus(Duration.ofDays(60)),
                Instant.now().minus(Duration.ofDays(1)), "old.example.com");
        TestPki.writeCertificates(dir.resolve("expired.crt"), expired.certificate());
        TestPki.writePkcs8(dir.resolve("expired.key"), expired.key());
        String message = rejected(config("expired.crt expired.key"), "certificates");
        assertTrue(message.contains("expired on"), message);
        assertTrue(message.contains(dir.resolve("expired.crt").toString()), message);
    }

    @Test
    void notYetValidCertificate() throws Exception {
        Issued future = TestPki.server(ca, TestPki.ec(), Instant.now().plus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), "new.example.com");
        TestPki.writeCertificates(dir.resolve("future.crt"), future.certificate());
        TestPki.writePkcs8(dir.resolve("future.key"), future.key());
        assertTrue(rejected(config("future.crt future.key"), "certificates").contains("is not valid before"));
    }

    @Test
    void missingFiles() {
        String message = rejected(config("missing.crt good.key"), "certificates");
        assertTrue(message.endsWith(dir.resolve("missing.crt") + " does not exist"), message);
        assertTrue(rejected(config("good.crt missing.key"), "certificates").endsWith(dir.resolve("missing.key") + " does not exist"));
        assertTrue(rejected(config("good.crt good.key").set("trust.ca.path", "missing-ca.pem"), "trust.ca.path")
                .endsWith(dir.resolve("missing-ca.pem") + " does not exist"));
    }

    @Test
    void unreadableKey() throws Exception {
        Path locked = TestPki.writePkcs8(dir.resolve("locked.key"), good.key());
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        try {
            if (Files.isReadable(locked)) {
                return; // running as root: permissions do not stop us
            }
            assertTrue(rejected(config("good.crt locked.key"), "certificates").contains("is not readable"));
        } finally {
            Files.delete(locked);
        }
    }

    @Test
    void filesWithoutPem() throws Exception {
        Files.write(dir.resolve("binary.crt"), good.certificate().getEncoded());
        assertTrue(rejected(config("binary.crt good.key"), "certificates").contains("holds no PEM certificate"));
        assertTrue(rejected(config("good.crt good.crt"), "certificates").contains("holds no PEM private key"));
    }

    @Test
    void encryptedKeys() throws Exception {
        TestPki.writeEncryptedPkcs8(dir.resolve("enc8.key"), good.key(), "s3cret");
        TestPki.writeEncryptedTraditional(dir.resolve("enc1.key"), good.keys(), "s3cret");
        for (String key : List.of("enc8.key", "enc1.key")) {
            assertTrue(rejected(config("good.crt " + key), "key.password").contains("no key.password is set"));
            assertTrue(rejected(config("good.crt " + key).set("key.password", "wrong"), "key.password").contains("wrong password"));
            config("good.crt " + key).set("key.password", "s3cret").load();
        }
    }

    @Test
    void pkcs1AndSec1Keys() throws Exception {
        Issued rsa = TestPki.server(ca, TestPki.rsa(), "rsa.example.com");
        TestPki.writeCertificates(dir.resolve("rsa.crt"), rsa.certificate());
        TestPki.writeTraditional(dir.resolve("rsa1.key"), rsa.keys());
        TestPki.writeTraditional(dir.resolve("ec1.key"), good.keys());
        assertEquals("RSA", config("rsa.crt rsa1.key").load().material().defaultCredential().keyType());
        assertEquals("EC", config("good.crt ec1.key").load().material().defaultCredential().keyType());
    }

    @Test
    void keystoreProblems() throws Exception {
        TestPki.writeKeyStore(dir.resolve("store.p12"), "PKCS12", "right", Map.of("good", good));
        TestPki.writeKeyStore(dir.resolve("store.jks"), "JKS", "right", Map.of("good", good));
        TestConfig p12 = new TestConfig(dir, "bad").set("keystore.path", "store.p12");
        assertTrue(rejected(p12.set("keystore.password", "wrong"), "keystore.password")
                .endsWith("is wrong for " + dir.resolve("store.p12")));
        assertTrue(rejected(new TestConfig(dir, "bad").set("keystore.path", "store.p12"), "keystore.password")
                .contains("is not set"));
        TestConfig jks = new TestConfig(dir, "bad").set("keystore.path", "store.jks").set("keystore.type", "JKS");
        assertTrue(rejected(jks.set("keystore.password", "wrong"), "keystore.password").contains(dir.resolve("store.jks").toString()));
        assertEquals(1, jks.set("keystore.password", "right").load().material().credentials().size());
        assertTrue(rejected(new TestConfig(dir, "bad").set("keystore.path", "nope.p12").set("keystore.password", "x"), "keystore.path")
                .contains("does not exist"));
        assertTrue(rejected(new TestConfig(dir, "bad").set("keystore.path", "good.crt").set("keystore.password", "x"), "keystore.path")
                .contains(dir.resolve("good.crt").toString()));
        assertTrue(rejected(new TestConfig(dir, "bad").set("keystore.path", "store.p12").set("keystore.password", "right")
                .set("key.password", "other"), "key.password").contains("'good'"));
    }

    @Test
    void settingsThatAreRejectedBeforeAnyFileIsRead() {
        assertEquals("trust.ca.path", specError(config("good.crt good.key").set("client.auth", "required")).key());
        assertEquals("trust.ca.path", specError(config("good.crt good.key").set("client.auth", "optional")).key());
        assertEquals("client.auth", specError(config("good.crt good.key").set("client.auth", "sometimes")).key());
        assertTrue(specError(config("good.crt good.key").set("protocols", "TLSv1.3, SSLv3")).getMessage().contains("SSLv3 is insecure"));
        assertEquals("protocols", specError(config("good.crt good.key").set("protocols", "SSLv2Hello")).key());
        assertEquals("protocols", specError(config("good.crt good.key").set("protocols", "HTTP/2")).key());
        assertEquals("cipher.suites", specError(config("good.crt good.key").set("cipher.suites", "TLS_MADE_UP")).key());
        assertEquals("certificates", specError(config("just-one-file.pem")).key());
        assertEquals("certificates", specError(new TestConfig(dir, "bad")).key());
        assertEquals("keystore.path", specError(config("good.crt good.key").set("keystore.path", "x.p12")).key());
        assertEquals("keystore.type", specError(new TestConfig(dir, "bad").set("keystore.path", "x").set("keystore.type", "NOPE")).key());
        assertEquals("self.signed", specError(config("a.crt a.key, b.crt b.key").set("self.signed", "true")).key());
        assertEquals("reload.interval.ms", specError(config("good.crt good.key").set("reload.interval.ms", "10")).key());
        assertEquals("name", specError(new TestConfig(dir, "bad").set("name", " ").set("certificates", "a b")).key());
        assertInstanceOf(ConfigException.class, assertThrows(RuntimeException.class,
                () -> config("good.crt good.key").set("default.alias", "nope").load()));
    }

    @Test
    void protocolsAndSuites() {
        TlsContextSpec defaults = config("good.crt good.key").spec();
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), defaults.protocols());
        assertTrue(defaults.cipherSuites().stream().noneMatch(s -> s.contains("CBC") || s.startsWith("TLS_RSA_")));
        TlsContextSpec legacy = config("good.crt good.key").set("protocols", "tlsv1.1, TLSv1.2").spec();
        assertEquals(List.of("TLSv1.2", "TLSv1.1"), legacy.protocols(), "strongest first");
        assertTrue(legacy.cipherSuites().contains("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), "TLS 1.1 needs CBC suites");
        assertTrue(legacy.warnings().stream().anyMatch(w -> w.contains("TLSv1.1 is deprecated")));
        TlsContextSpec partly = config("good.crt good.key").set("cipher.suites", new String[] { "TLS_AES_128_GCM_SHA256", "TLS_MADE_UP" }).spec();
        assertEquals(List.of("TLS_AES_128_GCM_SHA256"), partly.cipherSuites());
        assertTrue(partly.warnings().stream().anyMatch(w -> w.contains("TLS_MADE_UP")));
    }

    @Test
    void pathsResolveAgainstTheInstallation() {
        TlsContextSpec spec = config("\"${caracal.home}/conf/tls/my cert.crt\" relative/key.pem").spec();
        assertEquals(dir.resolve("conf/tls/my cert.crt"), spec.certificates().get(0).certificate());
        assertEquals(dir.resolve("relative/key.pem"), spec.certificates().get(0).key());
        assertEquals(Path.of("/etc/ssl/a.crt"), config("/etc/ssl/a.crt /etc/ssl/a.key").spec().certificates().get(0).certificate());
    }

    @Test
    void passwordsNeverShowInToString() {
        assertTrue(!config("good.crt good.key").set("key.password", "hunter2").spec().toString().contains("hunter2"));
    }

    private static ConfigException specError(TestConfig config) {
        ConfigException e = assertThrows(ConfigException.class, config::spec);
        assertEquals(config.cfgFile().toString(), e.source());
        return e;
    }
}
