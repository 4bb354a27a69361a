package io.caracal.listener.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.caracal.api.tls.TlsContext;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS listeners over real TLS handshakes on loopback, with a keystore made by the JDK's keytool. */
class HttpsListenerTest {

    @TempDir
    static Path dir;
    private static SSLContext serverContext;
    private static SSLContext clientContext;
    private ListenerServer listener;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path keystore = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("localhost", (X509Certificate) keys.getCertificate("localhost"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
    }

    @AfterEach
    void stop() throws Exception {
        if (listener != null) {
            listener.stop();
        }
    }

    private static TlsContext tls() {
        return new TlsContext() {
            public SSLContext sslContext() { return serverContext; }
            public List<String> protocols() { return List.of("TLSv1.3", "TLSv1.2"); }
            public List<String> cipherSuites() { return List.of(); }
            public ClientAuth clientAuth() { return ClientAuth.NONE; }
        };
    }

    /** A proxy stand-in that reports the protocol, the scheme and one request header. */
    private static final Request.Handler ECHO = (request, response, callback) -> {
        response.getHeaders().put("X-Protocol", request.getConnectionMetaData().getHttpVersion().asString());
        response.getHeaders().put("X-Secure", Boolean.toString(request.isSecure()));
        String subject = request.getHeaders().get("X-Client-Subject");
        if (subject != null) {
            response.getHeaders().put("X-Seen-Subject", subject);
        }
        Content.Sink.write(response, true, "ok", callback);
        return true;
    };

    private int start(Map<String, Object> extra, TlsContext tls) throws Exception {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("name", "test");
        properties.put("host", "127.0.0.1");
        properties.put("port", "0");
        listener = new ListenerServer(ListenerSpec.parse(properties), () -> ECHO, tls == null ? null : () -> tls);
        listener.start();
        return listener.localPort();
    }

    private static HttpResponse<String> get(HttpClient.Version version, String url, String... headers) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(version).sslContext(clientContext)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void negotiatesHttp2ThroughAlpnAndStillServesHttp11() throws Exception {
        int port = start(Map.of("tls.context", "test"), tls());
        HttpResponse<String> h2 = get(HttpClient.Version.HTTP_2, "https://localhost:" + port + "/");
        assertEquals(200, h2.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, h2.version());
        assertEquals("true", h2.headers().firstValue("X-Secure").orElse(null));
        HttpResponse<String> h1 = get(HttpClient.Version.HTTP_1_1, "https://localhost:" + port + "/");
        assertEquals(HttpClient.Version.HTTP_1_1, h1.version());
        assertEquals("HTTP/1.1", h1.headers().firstValue("X-Protocol").orElse(null));
    }

    @Test
    void sendsHstsWhenAsked() throws Exception {
        int port = start(Map.of("tls.context", "test", "hsts.max.age", "31536000", "hsts.include.subdomains", "true"), tls());
        String hsts = get(HttpClient.Version.HTTP_1_1, "https://localhost:" + port + "/").headers()
                .firstValue("Strict-Transport-Security").orElse("");
        assertTrue(hsts.contains("max-age=31536000") && hsts.contains("includeSubDomains"), hsts);
    }

    @Test
    void redirectsPlainHttpToHttps() throws Exception {
        int port = start(Map.of("redirect.https.port", "8443"), null);
        HttpResponse<String> response = get(HttpClient.Version.HTTP_1_1, "http://localhost:" + port + "/a/b?c=d");
        assertEquals(308, response.statusCode());
        assertEquals("https://localhost:8443/a/b?c=d", response.headers().firstValue("Location").orElse(null));
    }

    @Test
    void clientCertificateHeaderCannotBeSpoofed() throws Exception {
        int port = start(Map.of("tls.context", "test", "client.cert.header", "X-Client-Subject"), tls());
        HttpResponse<String> response = get(HttpClient.Version.HTTP_1_1, "https://localhost:" + port + "/",
                "X-Client-Subject", "CN=admin");
        assertEquals(200, response.statusCode());
        assertNull(response.headers().firstValue("X-Seen-Subject").orElse(null),
                "a client without a certificate cannot set the subject header itself");
    }
}
