package io.caracal.core.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;

import io.caracal.api.tls.TlsContext;
import io.caracal.core.internal.config.ClusterConfigComponent;
import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.config.RouteSpec;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-encryption towards https upstreams over real loopback TLS, with certificates made in the test. */
class UpstreamTlsTest extends ProxyTestSupport {

    private static final String CLUSTER_FILE = "/opt/caracal/conf/caracal/io.caracal.cluster-c.cfg";

    @TempDir
    static Path directory;

    private static TestPki.Authority ca;
    private static TestPki.Identity localhost;
    private static TestPki.Identity untrusted;
    private static TestPki.Identity wrongName;
    private static TestPki.Identity internalName;
    private static TestPki.Identity clientIdentity;
    private static Path caFile;

    @BeforeAll
    static void makePki() throws Exception {
        ca = TestPki.authority("Caracal Test CA");
        TestPki.Authority stranger = TestPki.authority("Some Other CA");
        localhost = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"));
        untrusted = stranger.issue("localhost", List.of("localhost"), List.of("127.0.0.1"));
        wrongName = ca.issue("other.example", List.of("other.example"), List.of());
        internalName = ca.issue("origin.internal", List.of("origin.internal"), List.of());
        clientIdentity = ca.issue("caracal-client", List.of(), List.of());
        caFile = TestPki.writePem(directory, "upstream-ca.pem", List.of(ca.certificate()));
    }

    /**
     * An HTTPS origin on 127.0.0.1 presenting {@code identity}; with {@code clientCas} it requires
     * a client certificate issued by them. It echoes the body and reports, as response headers,
     * the SNI name it was asked for, the client certificate and the forwarding headers.
     */
    private int httpsOrigin(TestPki.Identity identity, List<X509Certificate> clientCas) throws Exception {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(identity.sslContext(clientCas == null ? List.of(ca.certificate()) : clientCas));
        ssl.setNeedClientAuth(clientCas != null);
        HttpConfiguration http = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new EchoHandler());
        server.start();
        servers.add(server);
        return connector.getLocalPort();
    }

    private static final class EchoHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            byte[] body;
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readAllBytes();
            }
            EndPoint.SslSessionData tls = (EndPoint.SslSessionData) request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
            if (tls != null) {
                String sni = ((ExtendedSSLSession) tls.sslSession()).getRequestedServerNames().stream()
                        .map(name -> ((SNIHostName) name).getAsciiName()).collect(Collectors.joining(","));
                response.getHeaders().put("X-Sni", sni.isEmpty() ? "none" : sni);
                X509Certificate[] peer = tls.peerCertificates();
                response.getHeaders().put("X-Client-Cert",
                        peer == null || peer.length == 0 ? "none" : peer[0].getSubjectX500Principal().getName());
                response.getHeaders().put("X-Tls-Protocol", tls.sslSession().getProtocol());
            }
            for (HttpField field : request.getHeaders()) {
                response.getHeaders().add("X-Echo-" + field.getName(), field.getValue());
            }
            response.getHeaders().put("X-Body-Sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
            Content.Sink.write(response, true, "origin saw " + body.length + " bytes", callback);
            return true;
        }
    }

    private void configure(String upstreams, Map<String, Object> tls) {
        Map<String, Object> cluster = new HashMap<>(tls);
        cluster.put("name", "c");
        cluster.put("upstreams", upstreams);
        cluster.put("felix.fileinstall.filename", "file:" + CLUSTER_FILE);
        router.putCluster("cluster~c", ClusterSpec.parse(cluster));
        router.putRoute("route~r", RouteSpec.parse(Map.of("name", "r", "cluster", "c")));
    }

    private ContentResponse get() throws Exception {
        return client.newRequest("127.0.0.1", proxyPort).path("/").timeout(10, TimeUnit.SECONDS).send();
    }

    private static void assertOneLineWithoutTrace(String body) {
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("\tat "), body);
        assertEquals(1, body.lines().count(), body);
    }

    @Test
    void httpsUpstreamSignedByTheConfiguredCaServes() throws Exception {
        int port = httpsOrigin(localhost, null);
        configure("https://127.0.0.1:" + port, Map.of("tls.ca.path", caFile.toString()));
        byte[] body = new byte[300_000];
        new Random(7).nextBytes(body);
        ContentResponse response = client.POST("http://127.0.0.1:" + proxyPort + "/upload")
                .body(new BytesRequestContent(body)).timeout(10, TimeUnit.SECONDS).send();
        assertEquals(200, response.getStatus(), response.getContentAsString());
        assertEquals("origin saw 300000 bytes", response.getContentAsString());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)),
                response.getHeaders().get("X-Body-Sha256"));
        assertEquals("none", response.getHeaders().get("X-Sni"), "an IP address is never sent as SNI");
        assertEquals("none", response.getHeaders().get("X-Client-Cert"));
        assertEquals("http", response.getHeaders().get("X-Echo-X-Forwarded-Proto"), "the client spoke plain HTTP");
        assertEquals("TLSv1.3", response.getHeaders().get("X-Tls-Protocol"));

        configure("https://127.0.0.1:" + port, Map.of("tls.ca.path", caFile.toString(), "tls.protocols", "TLSv1.2"));
        assertEquals("TLSv1.2", get().getHeaders().get("X-Tls-Protocol"));

        // Addressed by name: the name is sent as SNI and checked against the certificate.
        configure("https://localhost:" + port, Map.of("tls.ca.path", caFile.toString()));
        response = get();
        assertEquals(200, response.getStatus(), response.getContentAsString());
        assertEquals("localhost", response.getHeaders().get("X-Sni"));
    }

    @Test
    void untrustedCertificateIsRefusedWith502() throws Exception {
        int port = httpsOrigin(untrusted, null);
        configure("https://127.0.0.1:" + port, Map.of("tls.ca.path", caFile.toString()));
        ContentResponse response = get();
        assertEquals(502, response.getStatus());
        String body = response.getContentAsString();
        assertTrue(body.startsWith("502 Bad Gateway: the TLS certificate of upstream 127.0.0.1:" + port
                + " of cluster 'c' could not be verified: it is not issued by a CA of tls.ca.path"), body);
        assertOneLineWithoutTrace(body);

        // Without tls.ca.path the JVM's system CAs decide, and they do not know the test CA either.
        configure("https://127.0.0.1:" + port, Map.of());
        response = get();
        assertEquals(502, response.getStatus());
        assertTrue(response.getContentAsString().contains("could not be verified: it is not issued by a CA the JVM trusts"),
                response.getContentAsString());
    }

    @Test
    void expiredCertificateIsRefusedWith502() throws Exception {
        TestPki.Identity expired = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"),
                Instant.now().minus(2, ChronoUnit.DAYS), Instant.now().minus(1, ChronoUnit.DAYS));
        int port = httpsOrigin(expired, null);
        configure("https://127.0.0.1:" + port, Map.of("tls.ca.path", caFile.toString()));
        ContentResponse response = get();
        assertEquals(502, response.getStatus());
        assertTrue(response.getContentAsString().contains("could not be verified: it has expired"),
                response.getContentAsString());
    }

    @Test
    void hostNameMismatchIsRefusedWith502() throws Exception {
        int port = httpsOrigin(wrongName, null);
        configure("https://127.0.0.1:" + port, Map.of("tls.ca.path", caFile.toString()));
        ContentResponse response = get();
        assertEquals(502, response.getStatus());
        String body = response.getContentAsString();
        assertTrue(body.contains("could not be verified: it does not match the upstream's name"), body);
        assertTrue(body.contains("127.0.0.1"), body);
        assertOneLineWithoutTrace(body);
    }

    @Test
    void verifyFalseAcceptsAnyCertificateAndSaysSoLoudly() throws Exception {
        int untrustedPort = httpsOrigin(untrusted, null);
        int wrongNamePort = httpsOrigin(wrongName, null);
        String warning = "Cluster 'c' does NOT verify its upstreams' certificates (tls.verify = false in "
                + CLUSTER_FILE + ")";
        String log = captureStandardError(() -> {
            configure("https://127.0.0.1:" + untrustedPort + ", https://127.0.0.1:" + wrongNamePort,
                    Map.of("tls.verify", "false"));
            for (int i = 0; i < 4; i++) {
                ContentResponse response = get();
                assertEquals(200, response.getStatus(), response.getContentAsString());
            }
            // The same settings again keep the client; a transport change builds a new one.
            configure("https://127.0.0.1:" + untrustedPort + ", https://127.0.0.1:" + wrongNamePort,
                    Map.of("tls.verify", "false"));
            configure("https://127.0.0.1:" + untrustedPort + ", https://127.0.0.1:" + wrongNamePort,
                    Map.of("tls.verify", "false", "connect.timeout.ms", "4000"));
        });
        List<String> warnings = log.lines().filter(line -> line.contains(warning)).toList();
        assertEquals(2, warnings.size(), log);
        assertTrue(warnings.get(0).contains("WARN"), warnings.get(0));
    }

    @Test
    void sniSendsTheConfiguredNameForUpstreamsAddressedByIp() throws Exception {
        int port = httpsOrigin(internalName, null);
        configure("https://127.0.0.1:" + port, Map.of("tls.ca.path", caFile.toString()));
        assertEquals(502, get().getStatus(), "the certificate does not name 127.0.0.1");

        configure("https://127.0.0.1:" + port, Map.of("tls.ca.path", caFile.toString(), "tls.sni", "origin.internal"));
        ContentResponse response = get();
        assertEquals(200, response.getStatus(), response.getContentAsString());
        assertEquals("origin.internal", response.getHeaders().get("X-Sni"));

        configure("https://127.0.0.1:" + port, Map.of("tls.ca.path", caFile.toString(), "tls.sni", "elsewhere.internal"));
        response = get();
        assertEquals(502, response.getStatus(), "the certificate must match the SNI name (or the address)");
        assertTrue(response.getContentAsString().contains("could not be verified"), response.getContentAsString());
    }

    @Test
    void clientCertificateComesFromTheNamedTlsContext() throws Exception {
        int port = httpsOrigin(localhost, List.of(ca.certificate()));

        configure("https://127.0.0.1:" + port, Map.of("tls.ca.path", caFile.toString()));
        ContentResponse refused = get();
        assertEquals(502, refused.getStatus(), "no client certificate: the origin ends the handshake");
        assertTrue(refused.getContentAsString().contains("upstream 127.0.0.1:" + port + " of cluster 'c' refused the TLS "
                + "handshake"), refused.getContentAsString());
        assertTrue(refused.getContentAsString().contains("tls.client.context"), refused.getContentAsString());
        assertOneLineWithoutTrace(refused.getContentAsString());

        configure("https://127.0.0.1:" + port, Map.of("tls.client.context", "upstream-client"));
        ContentResponse missing = get();
        assertEquals(503, missing.getStatus());
        assertEquals("503 Service Unavailable: cluster 'c' needs TLS context 'upstream-client', which is not registered",
                missing.getContentAsString().trim());
        assertTrue(router.snapshot().warnings().stream().anyMatch(w -> w.contains(
                "Cluster 'c' needs TLS context 'upstream-client' (tls.client.context in " + CLUSTER_FILE + ")")),
                router.snapshot().warnings().toString());

        TestTlsContext context = new TestTlsContext(clientIdentity.sslContext(List.of(ca.certificate())));
        Map<String, Object> properties = Map.of(TlsContext.NAME_PROPERTY, "upstream-client", "service.id", 42L);
        router.bindTlsContext(context, properties);
        ContentResponse accepted = get();
        assertEquals(200, accepted.getStatus(), accepted.getContentAsString());
        assertEquals("CN=caracal-client", accepted.getHeaders().get("X-Client-Cert"));
        assertTrue(router.snapshot().warnings().stream().noneMatch(w -> w.contains("TLS context")),
                router.snapshot().warnings().toString());

        // A context of another name does not stand in; the right one leaving makes the cluster wait again.
        router.bindTlsContext(new TestTlsContext(localhost.sslContext(null)),
                Map.of(TlsContext.NAME_PROPERTY, "listener", "service.id", 43L));
        router.unbindTlsContext(context, properties);
        assertEquals(503, get().getStatus());

        router.bindTlsContext(context, Map.of(TlsContext.NAME_PROPERTY, new String[] {"a", "upstream-client"},
                "service.id", 44L));
        assertEquals(200, get().getStatus());
    }

    @Test
    void protocolsAreThoseTheClusterAndTheContextBothAllow() throws Exception {
        int port = httpsOrigin(localhost, List.of(ca.certificate()));
        SSLContext sslContext = clientIdentity.sslContext(List.of(ca.certificate()));
        configure("https://127.0.0.1:" + port, Map.of("tls.client.context", "upstream-client"));
        router.bindTlsContext(new TestTlsContext(sslContext, List.of("TLSv1.2")),
                Map.of(TlsContext.NAME_PROPERTY, "upstream-client", "service.id", 8L));
        ContentResponse response = get();
        assertEquals(200, response.getStatus(), response.getContentAsString());
        assertEquals("TLSv1.2", response.getHeaders().get("X-Tls-Protocol"));

        configure("https://127.0.0.1:" + port, Map.of("tls.client.context", "upstream-client", "tls.protocols", "TLSv1.3"));
        assertTrue(router.snapshot().warnings().stream().anyMatch(w -> w.contains("Cluster 'c' could not start")
                && w.contains("no protocol version in common")), router.snapshot().warnings().toString());
        assertEquals(503, get().getStatus());
    }

    @Test
    void hostNamesAreCheckedWithAClientContextToo() throws Exception {
        int port = httpsOrigin(wrongName, List.of(ca.certificate()));
        configure("https://127.0.0.1:" + port, Map.of("tls.client.context", "upstream-client"));
        router.bindTlsContext(new TestTlsContext(clientIdentity.sslContext(List.of(ca.certificate()))),
                Map.of(TlsContext.NAME_PROPERTY, "upstream-client", "service.id", 7L));
        ContentResponse response = get();
        assertEquals(502, response.getStatus());
        assertTrue(response.getContentAsString().contains("could not be verified"), response.getContentAsString());
    }

    @Test
    void unreadableCaFileIsRejectedAndTheLastGoodClusterKeepsServing() throws Exception {
        int port = httpsOrigin(localhost, null);
        Map<String, Object> good = new HashMap<>(Map.of("service.pid", "io.caracal.cluster~c", "name", "c",
                "upstreams", "https://127.0.0.1:" + port, "tls.ca.path", caFile.toString()));
        new ClusterConfigComponent(router, good);
        router.putRoute("route~r", RouteSpec.parse(Map.of("name", "r", "cluster", "c")));
        assertEquals(200, get().getStatus());

        Map<String, Object> bad = new HashMap<>(good);
        bad.put("tls.ca.path", directory.resolve("missing.pem").toString());
        new ClusterConfigComponent(router, bad); // as a modification of the same PID
        assertTrue(router.snapshot().warnings().stream().anyMatch(w -> w.contains("key 'tls.ca.path'")
                && w.contains(directory.resolve("missing.pem").toString()) && w.contains("last good version keeps serving")),
                router.snapshot().warnings().toString());
        assertEquals(200, get().getStatus());
    }

    @Test
    void forwardedHeadersSayHttpsWhenTheClientConnectionIsSecure() throws Exception {
        int origin = httpsOrigin(localhost, null);
        configure("https://127.0.0.1:" + origin, Map.of("tls.ca.path", caFile.toString()));

        // An HTTPS listener in front of the same proxy handler, as the listener bundle builds it.
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(localhost.sslContext(null));
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer(false));
        Server front = new Server();
        ServerConnector connector = new ServerConnector(front, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        front.addConnector(connector);
        ProxyRequestHandler handler = new ProxyRequestHandler(router);
        front.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return handler.handle(request, response, callback);
            }
        });
        front.start();
        servers.add(front);

        SslContextFactory.Client trusting = new SslContextFactory.Client();
        trusting.setSslContext(clientIdentity.sslContext(List.of(ca.certificate())));
        ClientConnector clientConnector = new ClientConnector();
        clientConnector.setSslContextFactory(trusting);
        HttpClient httpsClient = new HttpClient(new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(clientConnector));
        httpsClient.start();
        try {
            ContentResponse response = httpsClient.newRequest("https://localhost:" + connector.getLocalPort() + "/")
                    .timeout(10, TimeUnit.SECONDS).send();
            assertEquals(200, response.getStatus(), response.getContentAsString());
            assertEquals("https", response.getHeaders().get("X-Echo-X-Forwarded-Proto"));
            assertEquals(Integer.toString(connector.getLocalPort()), response.getHeaders().get("X-Echo-X-Forwarded-Port"));
            assertEquals("for=127.0.0.1;host=\"localhost:" + connector.getLocalPort() + "\";proto=https",
                    response.getHeaders().get("X-Echo-Forwarded"));
        } finally {
            httpsClient.stop();
        }
    }

    /** Runs {@code action} while copying what is written to standard error (slf4j-simple's output). */
    private static String captureStandardError(ThrowingRunnable action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                copy.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                copy.write(bytes, offset, length);
                original.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return copy.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A fixed TLS context, as a TLS provider bundle would register it. */
    private record TestTlsContext(SSLContext context, List<String> protocols) implements TlsContext {

        TestTlsContext(SSLContext context) {
            this(context, List.of("TLSv1.3", "TLSv1.2"));
        }

        @Override
        public SSLContext sslContext() {
            return context;
        }

        @Override
        public List<String> cipherSuites() {
            return List.of();
        }

        @Override
        public ClientAuth clientAuth() {
            return ClientAuth.NONE;
        }
    }
}
