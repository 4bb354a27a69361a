package io.caracal.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;

import javax.net.ssl.SSLEngine;

import io.caracal.tls.internal.TestPki.Issued;
import io.caracal.tls.internal.TlsPeers.Client;
import io.caracal.tls.internal.TlsPeers.Connection;

import org.eclipse.jetty.io.Content;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a listener would use a context: Jetty's SslContextFactory handed the context's SSLContext.
 * SNI, the protocols and required client certificates must survive Jetty's own customisation.
 */
class JettyIntegrationTest {

    @TempDir
    Path dir;

    Issued ca;
    Issued a;
    Issued b;
    Server jetty;

    @BeforeEach
    void certificates() throws Exception {
        ca = TestPki.ca("Jetty CA");
        a = TestPki.server(ca, TestPki.ec(), "a.example.com");
        b = TestPki.server(ca, TestPki.rsa(), "b.example.com");
        TestPki.writeCertificates(dir.resolve("a.crt"), a.certificate());
        TestPki.writePkcs8(dir.resolve("a.key"), a.key());
        TestPki.writeCertificates(dir.resolve("b.crt"), b.certificate());
        TestPki.writePkcs8(dir.resolve("b.key"), b.key());
        TestPki.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
    }

    @AfterEach
    void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
    }

    private int start(LoadedContext context) throws Exception {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(context.sslContext());
        return start(ssl);
    }

    private int start(SslContextFactory.Server ssl) throws Exception {
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer());
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                Content.Sink.write(response, true, "ok", callback);
                return true;
            }
        });
        jetty.start();
        return connector.getLocalPort();
    }

    private static String get(Connection connection, String host) throws IOException {
        return connection.exchange("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r");
    }

    @Test
    void sniAndProtocols() throws Exception {
        int port = start(new TestConfig(dir, "jetty").set("certificates", "a.crt a.key, b.crt b.key").load());
        try (Connection connection = Client.sni("b.example.com").open(port)) {
            assertEquals(b.certificate(), connection.serverCertificate());
            assertEquals("HTTP/1.1 200 OK", get(connection, "b.example.com"));
        }
        try (Connection connection = Client.sni("a.example.com").open(port)) {
            assertEquals(a.certificate(), connection.serverCertificate());
            assertEquals("HTTP/1.1 200 OK", get(connection, "a.example.com"));
        }
        assertThrows(IOException.class, () -> Client.sni("a.example.com").protocols("TLSv1.1").open(port));
    }

    /**
     * Jetty keeps the SSLContext it started with; a listener that wants reloads creates each engine
     * from {@code TlsContext.sslContext()}, as here.
     */
    @Test
    void reloadedCertificatesReachNewConnectionsThroughJetty() throws Exception {
        ManagedTlsContext tls = new ManagedTlsContext(new TestConfig(dir, "jetty").set("certificates", "a.crt a.key").load());
        SslContextFactory.Server ssl = new SslContextFactory.Server() {
            @Override
            public SSLEngine newSSLEngine(String host, int port) {
                SSLEngine engine = tls.sslContext().createSSLEngine(host, port);
                customize(engine);
                return engine;
            }
        };
        ssl.setSslContext(tls.sslContext());
        int port = start(ssl);
        try (Connection before = Client.sni("a.example.com").open(port)) {
            assertEquals(a.certificate(), before.serverCertificate());
            tls.swap(new TestConfig(dir, "jetty").set("certificates", "b.crt b.key").load());
            try (Connection after = Client.sni("a.example.com").open(port)) {
                assertEquals(b.certificate(), after.serverCertificate());
                assertEquals("HTTP/1.1 200 OK", get(after, "b.example.com"));
            }
            assertEquals("HTTP/1.1 200 OK", get(before, "a.example.com"), "the open connection is untouched");
        }
    }

    @Test
    void requiredClientCertificates() throws Exception {
        int port = start(new TestConfig(dir, "jetty").set("certificates", "a.crt a.key")
                .set("client.auth", "required").set("trust.ca.path", "ca.pem").load());
        try (Connection connection = Client.sni("a.example.com").certificate(TestPki.client(ca, "alice")).open(port)) {
            assertEquals("HTTP/1.1 200 OK", get(connection, "a.example.com"));
        }
        assertThrows(IOException.class, () -> {
            try (Connection connection = Client.sni("a.example.com").open(port)) {
                get(connection, "a.example.com");
            }
        });
    }
}
