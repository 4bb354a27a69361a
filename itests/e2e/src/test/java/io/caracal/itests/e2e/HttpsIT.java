package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default HTTPS listener of a fresh installation: a self-signed certificate is generated on
 * first start, and a client that trusts it gets HTTP/2 over ALPN, proxied with proto=https.
 */
class HttpsIT {

    private static CaracalProcess caracal;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        caracal = CaracalProcess.create("https").start();
        caracal.awaitServing("/");
    }

    @AfterAll
    static void stop() {
        if (caracal != null) {
            caracal.close();
        }
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certificate)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("caracal", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Test
    void selfSignedCertificateServesHttp2ToTheDemoOrigins() throws Exception {
        Path certificate = caracal.home().resolve("conf/tls/localhost.crt");
        Path key = caracal.home().resolve("conf/tls/localhost.key");
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "the self-signed certificate to be generated",
                () -> Files.exists(certificate) && Files.exists(key), generated -> generated);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trusting(certificate))
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create("https://localhost:" + caracal.httpsPort() + "/secure");
        HttpResponse<String> response = Poll.until(CaracalProcess.CHANGE_TIMEOUT, "the HTTPS listener to serve",
                () -> client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()),
                r -> r.statusCode() == 200);
        assertEquals(HttpClient.Version.HTTP_2, response.version(), "h2 negotiated through ALPN inside OSGi");
        JsonNode echo = new ObjectMapper().readTree(response.body());
        assertTrue(echo.get("origin").asText().startsWith("demo-"));
        assertEquals("https", echo.get("headers").get("X-Forwarded-Proto").asText());
        assertTrue(echo.get("headers").get("Forwarded").asText().endsWith("proto=https"));
        assertEquals("2.0 caracal", echo.get("headers").get("Via").asText());
    }

    /** curl, as an operator would check: HTTP/1.1 chosen through ALPN, and old TLS versions refused. */
    @Test
    void curlNegotiatesHttp11AndOldTlsIsRefused() throws Exception {
        Path certificate = caracal.home().resolve("conf/tls/localhost.crt");
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "the self-signed certificate to be generated",
                () -> Files.exists(certificate), generated -> generated);
        String url = "https://localhost:" + caracal.httpsPort() + "/curl";
        String http11 = Poll.until(CaracalProcess.CHANGE_TIMEOUT, "curl to get an answer over HTTP/1.1",
                () -> curl("--http1.1", "--cacert", certificate.toString(), "-o", "/dev/null",
                        "-w", "%{http_version} %{http_code}", url),
                out -> out.equals("1.1 200"));
        assertEquals("1.1 200", http11);
        assertEquals("2 200", curl("--http2", "--cacert", certificate.toString(), "-o", "/dev/null",
                "-w", "%{http_version} %{http_code}", url));
        String tls11 = curl("--tlsv1.1", "--tls-max", "1.1", "--cacert", certificate.toString(), "-o", "/dev/null",
                "-w", "%{http_code}", url);
        assertEquals("000", tls11, "TLS 1.1 must not get an answer");
    }

    private static String curl(String... arguments) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("curl", "-s", "--max-time", "10"));
        command.addAll(java.util.List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes()).trim();
        assertTrue(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "curl did not finish");
        return out;
    }
}
