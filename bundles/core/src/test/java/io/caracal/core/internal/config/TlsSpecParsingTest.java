package io.caracal.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caracal.api.config.ConfigException;
import io.caracal.core.internal.proxy.TestPki;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's {@code tls.*} keys. */
class TlsSpecParsingTest {

    private static final String FILE = "file:/opt/caracal/conf/caracal/io.caracal.cluster-c.cfg";

    @TempDir
    Path directory;

    private static ClusterSpec.Tls parse(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>(Map.of("name", "c", "upstreams", "https://127.0.0.1:8443",
                "felix.fileinstall.filename", FILE));
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return ClusterSpec.parse(properties).transport().tls();
    }

    private static String pem(String caName) {
        return TestPki.pem(List.of(TestPki.authority(caName).certificate()));
    }

    private static ConfigException error(Object... keyValues) {
        return assertThrows(ConfigException.class, () -> parse(keyValues));
    }

    @Test
    void defaults() {
        ClusterSpec.Tls tls = parse();
        assertTrue(tls.verify());
        assertNull(tls.caPath());
        assertEquals(List.of(), tls.trustedCas());
        assertNull(tls.sni());
        assertNull(tls.clientContext());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), tls.protocols());
    }

    @Test
    void caBundleIsReadAndPartOfTheTransport() throws Exception {
        String ca = pem("CA one");
        Path file = Files.writeString(directory.resolve("ca.pem"), ca);
        ClusterSpec.Tls tls = parse("tls.ca.path", file.toString(), "tls.sni", "Origin.Internal",
                "tls.protocols", "tlsv1.3");
        assertEquals(1, tls.trustedCas().size());
        assertEquals("origin.internal", tls.sni());
        assertEquals(List.of("TLSv1.3"), tls.protocols());
        assertEquals(tls, parse("tls.ca.path", file.toString(), "tls.sni", "origin.internal", "tls.protocols", "TLSv1.3"));

        // Another CA in the same file is another transport: the cluster gets a new client.
        Files.writeString(file, ca + pem("CA two"));
        ClusterSpec.Tls changed = parse("tls.ca.path", file.toString(), "tls.sni", "origin.internal", "tls.protocols", "TLSv1.3");
        assertEquals(2, changed.trustedCas().size());
        assertNotEquals(tls, changed);
    }

    @Test
    void caFileProblemsNameTheFileAndTheKey() throws Exception {
        Path missing = directory.resolve("missing.pem");
        ConfigException error = error("tls.ca.path", missing.toString());
        assertEquals("tls.ca.path", error.key());
        assertTrue(error.getMessage().startsWith("/opt/caracal/conf/caracal/io.caracal.cluster-c.cfg: key 'tls.ca.path': "
                + "CA file " + missing + " does not exist"), error.getMessage());

        Path garbage = Files.writeString(directory.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        error = error("tls.ca.path", garbage.toString());
        assertEquals("tls.ca.path", error.key());
        assertTrue(error.getMessage().contains("CA file " + garbage + " is not a PEM bundle"), error.getMessage());

        Path empty = Files.writeString(directory.resolve("empty.pem"), "");
        assertTrue(error("tls.ca.path", empty.toString()).getMessage().contains("contains no certificate"));

        assertEquals("tls.ca.path", error("tls.ca.path", directory.toString()).key());
    }

    @Test
    void invalidValuesNameTheirKey() throws Exception {
        assertEquals("tls.verify", error("tls.verify", "maybe").key());
        assertEquals("tls.protocols", error("tls.protocols", "TLSv1.3, SSLv3").key());
        assertTrue(error("tls.protocols", "TLSv1.1").getMessage().contains("'TLSv1.1' is not supported"));
        assertEquals("tls.sni", error("tls.sni", "10.0.0.1").key());
        assertEquals("tls.sni", error("tls.sni", "::1").key());
        assertEquals("tls.sni", error("tls.sni", "bad name").key());
        Path file = Files.writeString(directory.resolve("ca.pem"), pem("CA"));
        ConfigException combined = error("tls.client.context", "upstream", "tls.ca.path", file.toString());
        assertEquals("tls.ca.path", combined.key());
        assertTrue(combined.getMessage().contains("cannot be combined with tls.client.context"), combined.getMessage());
        assertEquals("tls.verify", error("tls.client.context", "upstream", "tls.verify", "false").key());
    }

    @Test
    void verifyOffIsExplicit() {
        ClusterSpec.Tls tls = parse("tls.verify", "false");
        assertEquals(false, tls.verify());
        assertNotEquals(parse(), tls);
    }
}
