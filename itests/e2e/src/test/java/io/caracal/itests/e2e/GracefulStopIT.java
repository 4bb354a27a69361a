package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SIGTERM lets the request in flight finish, then the process exits. */
class GracefulStopIT {

    private static final long ORIGIN_DELAY_MILLIS = 2000;
    private static final Duration EXIT_BOUND = Duration.ofSeconds(30);

    private static TestOrigin slowOrigin;
    private static CaracalProcess caracal;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        slowOrigin = TestOrigin.start("slow");
        caracal = CaracalProcess.create("graceful-stop");
        caracal.writeConfig("io.caracal.cluster-slow.cfg", "name = slow", "upstreams = " + slowOrigin.url());
        caracal.writeConfig("io.caracal.route-slow.cfg", "name = slow", "hosts = *", "path.prefix = /slow/", "cluster = slow");
        caracal.start().awaitServing("/");
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "the slow route to be served by the slow origin",
                () -> Http.get(caracal.url("/slow/warm-up?delay=0")),
                response -> "slow".equals(response.headers().firstValue(TestOrigin.HEADER).orElse(null)));
    }

    @AfterAll
    static void stop() {
        if (caracal != null) {
            caracal.close();
        }
        if (slowOrigin != null) {
            slowOrigin.close();
        }
    }

    @Test
    void inFlightRequestCompletesAfterSigterm() throws Exception {
        int arrivedBefore = slowOrigin.slowRequestsArrived();
        CompletableFuture<HttpResponse<String>> inFlight = Http.CLIENT.sendAsync(
                Http.request(caracal.url("/slow/in-flight?delay=" + ORIGIN_DELAY_MILLIS)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Poll.until(Duration.ofSeconds(10), "the request to reach the slow origin",
                slowOrigin::slowRequestsArrived, arrived -> arrived > arrivedBefore);

        Process process = caracal.process();
        long sigterm = System.nanoTime();
        process.destroy(); // SIGTERM

        HttpResponse<String> response = inFlight.get(EXIT_BOUND.toSeconds(), TimeUnit.SECONDS);
        long answeredMillis = (System.nanoTime() - sigterm) / 1_000_000;
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("slow done"), response.body());

        assertTrue(process.waitFor(EXIT_BOUND.toMillis(), TimeUnit.MILLISECONDS),
                "Caracal exits within " + EXIT_BOUND.toSeconds() + " s of SIGTERM");
        long exitedMillis = (System.nanoTime() - sigterm) / 1_000_000;
        System.out.printf("after SIGTERM: in-flight request answered 200 at %d ms, process exited at %d ms with status %d%n",
                answeredMillis, exitedMillis, process.exitValue());
    }
}
