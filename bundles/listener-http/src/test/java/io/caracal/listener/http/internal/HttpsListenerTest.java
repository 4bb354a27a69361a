package io.caracal.listener.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.caracal.api.tls.TlsContext;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS listeners over real TLS handshakes on loopback, with a keystore made by the JDK's keytool. */
class HttpsListenerTest extends ListenerTestSupport {

    @TempDir
    static Path dir;
    private static SSLContext serverContext;
    private static SSLContext clientContext;

    private static SSLContext mutualServerContext;
    private static SSLContext certifiedClientContext;

    /** A self-signed key pair made by the JDK's keytool, as a loaded keystore. */
    private static KeyStore keytool(String alias, String dname, String san) throws Exception {
        Path keystore = dir.resolve(alias + ".p12");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "30", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
        if (san != null) {
            command.addAll(java.util.List.of("-ext", "SAN=" + san));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        return keys;
    }

    private static SSLContext context(KeyStore keys, KeyStore... trusted) throws Exception {
        javax.net.ssl.KeyManager[] keyManagers = null;
        if (keys != null) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "changeit".toCharArray());
            keyManagers = kmf.getKeyManagers();
        }
        javax.net.ssl.TrustManager[] trustManagers = null;
        if (trusted.length > 0) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (KeyStore store : trusted) {
                String alias = store.aliases().nextElement();
                trust.setCertificateEntry(alias, (X509Certificate) store.getCertificate(alias));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            trustManagers = tmf.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers, null);
        return context;
    }

    @BeforeAll
    static void makeCertificates() throws Exception {
        KeyStore server = keytool("localhost", "CN=localhost", "dns:localhost,ip:127.0.0.1");
        KeyStore alice = keytool("alice", "CN=alice,O=Example", null);
        serverContext = context(server);
        clientContext = context(null, server);
        mutualServerContext = context(server, alice);
        certifiedClientContext = context(alice, server);
    }

    HttpsListenerTest() {
        super("test");
        proxy.set(ECHO);
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

    private static HttpResponse<String> get(HttpClient.Version version, String url, String... headers) throws Exception {
        return get(clientContext, version, url, headers);
    }

    private static HttpResponse<String> get(SSLContext ssl, HttpClient.Version version, String url, String... headers)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().version(version).sslContext(ssl)
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
    void verifiedClientCertificateSubjectGoesUpstream() throws Exception {
        TlsContext mutual = new TlsContext() {
            public SSLContext sslContext() { return mutualServerContext; }
            public List<String> protocols() { return List.of("TLSv1.3", "TLSv1.2"); }
            public List<String> cipherSuites() { return List.of(); }
            public ClientAuth clientAuth() { return ClientAuth.REQUIRED; }
        };
        int port = start(Map.of("tls.context", "mutual", "client.cert.header", "X-Client-Subject"), mutual);
        HttpResponse<String> response = get(certifiedClientContext, HttpClient.Version.HTTP_1_1,
                "https://localhost:" + port + "/", "X-Client-Subject", "CN=mallory");
        assertEquals(200, response.statusCode());
        assertEquals("CN=alice,O=Example", response.headers().firstValue("X-Seen-Subject").orElse(null));
        assertThrows(java.io.IOException.class, () -> get(HttpClient.Version.HTTP_1_1, "https://localhost:" + port + "/"),
                "a client without a certificate is refused when one is required");
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

    @Test
    void headerTimeoutAndConnectionCountWorkThroughTls() throws Exception {
        int port = start(Map.of("tls.context", "test", "request.header.timeout.ms", "800",
                "max.connections.per.ip", "10"), tls());
        java.net.InetAddress loopback = java.net.InetAddress.getLoopbackAddress();

        // A client that completes the handshake, then trickles its header: 408 inside TLS.
        try (javax.net.ssl.SSLSocket slow = (javax.net.ssl.SSLSocket) clientContext.getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            slow.setSoTimeout(10_000);
            javax.net.ssl.SSLParameters parameters = slow.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            slow.setSSLParameters(parameters);
            slow.startHandshake();
            long started = System.nanoTime();
            slow.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            assertEquals(1, listener.openConnections(loopback));
            String answer = new String(slow.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), answer);
            assertTrue(answer.endsWith("\r\n\r\n408 Request Timeout: the request header was not received within 800 ms\n"),
                    answer);
            assertTrue(tookMillis < 5000, "cut off after " + tookMillis + " ms");
        }

        // A client that never starts its handshake is closed without a word.
        try (java.net.Socket silent = new java.net.Socket("127.0.0.1", port)) {
            silent.setSoTimeout(10_000);
            assertEquals(-1, silent.getInputStream().read());
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (listener.openConnections(loopback) != 0) {
            assertTrue(System.nanoTime() < deadline, "the closed connections are released");
            Thread.sleep(10);
        }
    }
}
