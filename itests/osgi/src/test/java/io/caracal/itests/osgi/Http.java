package io.caracal.itests.osgi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP/1.1 client for loopback requests, with the Host header under the test's control. */
final class Http {

    /** What came back: the status, the demo origin that answered (if any) and the body. */
    record Reply(int status, String origin, String body) {
        @Override
        public String toString() {
            return status + (origin == null ? "" : " from " + origin) + ": " + body.strip();
        }
    }

    /** Everything in the tests binds and connects here. */
    static final String LOOPBACK = "127.0.0.1";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** GET {@code path} from 127.0.0.1:{@code port}; {@code host} overrides the Host header when not null. */
    Reply get(int port, String host, String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + port + path))
                .timeout(Duration.ofSeconds(5))
                .GET();
        if (host != null) {
            request.header("Host", host);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("X-Demo-Origin").orElse(null),
                response.body());
    }

    Reply get(int port, String path) throws IOException, InterruptedException {
        return get(port, null, path);
    }
}
