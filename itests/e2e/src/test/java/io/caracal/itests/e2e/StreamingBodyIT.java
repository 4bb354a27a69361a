package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Large request and response bodies pass through unchanged. */
class StreamingBodyIT {

    private static final int SIZE = 5 * 1024 * 1024 + 123;

    private static TestOrigin origin;
    private static CaracalProcess caracal;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start("bodies");
        caracal = CaracalProcess.create("streaming");
        caracal.writeConfig("io.caracal.cluster-bodies.cfg", "name = bodies", "upstreams = " + origin.url());
        caracal.writeConfig("io.caracal.route-bodies.cfg", "name = bodies", "hosts = *", "path.prefix = /bodies/", "cluster = bodies");
        caracal.start().awaitServing("/");
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "the bodies route to be served by the test origin",
                () -> Http.get(caracal.url("/bodies/hello")),
                response -> "bodies".equals(response.headers().firstValue(TestOrigin.HEADER).orElse(null)));
    }

    @AfterAll
    static void stop() {
        if (caracal != null) {
            caracal.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void largeRequestBodyWithContentLengthArrivesIntact() throws Exception {
        byte[] body = randomBytes(1);
        HttpResponse<String> response = Http.send(Http.request(caracal.url("/bodies/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("bytes=" + body.length + " sha256=" + TestOrigin.sha256(body), response.body().strip());
    }

    @Test
    void largeChunkedRequestBodyArrivesIntact() throws Exception {
        byte[] body = randomBytes(2);
        HttpResponse<String> response = Http.send(Http.request(caracal.url("/bodies/upload-chunked"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("bytes=" + body.length + " sha256=" + TestOrigin.sha256(body), response.body().strip());
    }

    @Test
    void largeResponseBodyArrivesIntact() throws Exception {
        HttpResponse<byte[]> response = Http.CLIENT.send(Http.request(caracal.url("/bodies/download?size=" + SIZE)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        byte[] expected = TestOrigin.downloadBytes(SIZE);
        assertEquals(expected.length, response.body().length, "response length");
        assertEquals(TestOrigin.sha256(expected), TestOrigin.sha256(response.body()));
        assertArrayEquals(expected, response.body());
    }

    private static byte[] randomBytes(long seed) {
        byte[] bytes = new byte[SIZE];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
