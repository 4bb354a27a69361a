package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Configuration files written while Caracal runs take effect without a restart; bad ones do not. */
class HotReloadIT {

    private static TestOrigin origin;
    private static CaracalProcess caracal;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start("hot");
        caracal = CaracalProcess.create("hot-reload").start();
        caracal.awaitServing("/");
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
    void newRouteAndClusterFilesServeWithoutRestart() throws Exception {
        HttpResponse<String> before = Http.get(caracal.url("/hot/x"));
        assertEquals(200, before.statusCode(), before.body());
        assertTrue(before.headers().firstValue("X-Demo-Origin").isPresent(), "the default route serves /hot/ at first");

        long written = System.nanoTime();
        caracal.writeConfig(caracal.deployDir(), "io.caracal.cluster-hot.cfg",
                "name = hot", "upstreams = " + origin.url());
        caracal.writeConfig("io.caracal.route-hot.cfg",
                "name = hot", "hosts = *", "path.prefix = /hot/", "cluster = hot");

        awaitServedBy("/hot/x", "hot");
        System.out.printf("new route served %d ms after its files were written%n", (System.nanoTime() - written) / 1_000_000);
        HttpResponse<String> other = Http.get(caracal.url("/elsewhere"));
        assertTrue(other.headers().firstValue("X-Demo-Origin").isPresent(), "other paths still go to the demo origins");
    }

    @Test
    void invalidChangeKeepsTheLastGoodRouteAndIsLoggedWithFileAndKey() throws Exception {
        caracal.writeConfig("io.caracal.cluster-keep.cfg", "name = keep", "upstreams = " + origin.url());
        Path routeFile = caracal.writeConfig("io.caracal.route-keep.cfg",
                "name = keep", "hosts = *", "path.prefix = /keep/", "cluster = keep");
        awaitServedBy("/keep/x", "hot");

        caracal.writeConfig("io.caracal.route-keep.cfg",
                "name = keep", "hosts = *", "path.prefix = nope", "cluster = keep");

        String logLine = caracal.awaitLogLine(routeFile.getFileName().toString(), "path.prefix");
        System.out.println("rejection logged: " + logLine);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = Http.get(caracal.url("/keep/x" + i));
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("hot", response.headers().firstValue(TestOrigin.HEADER).orElse(null),
                    "the last good version of the route keeps serving");
        }
    }

    @Test
    void listenerFilesOpenMoveAndClosePorts() throws Exception {
        int[] ports = FreePorts.allocate(2);
        Path listenerFile = caracal.writeConfig("io.caracal.listener.http-extra.cfg",
                "name = extra", "host = 127.0.0.1", "port = " + ports[0]);
        awaitPort(ports[0], true);
        assertEquals(200, Http.get(URI.create("http://127.0.0.1:" + ports[0] + "/")).statusCode());

        caracal.writeConfig("io.caracal.listener.http-extra.cfg",
                "name = extra", "host = 127.0.0.1", "port = " + ports[1]);
        awaitPort(ports[1], true);
        awaitPort(ports[0], false);

        java.nio.file.Files.delete(listenerFile);
        awaitPort(ports[1], false);
        assertEquals(200, Http.get(caracal.url("/")).statusCode(), "the default listener is untouched");
    }

    private static void awaitPort(int port, boolean open) {
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "port " + port + (open ? " to open" : " to close"),
                () -> {
                    try (java.net.Socket socket = new java.net.Socket()) {
                        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
                        return true;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                },
                connected -> connected == open);
    }

    private static void awaitServedBy(String path, String originName) {
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "GET " + path + " to be served by origin '" + originName + "'",
                () -> Http.get(caracal.url(path)),
                response -> response.statusCode() == 200
                        && originName.equals(response.headers().firstValue(TestOrigin.HEADER).orElse(null)));
    }
}
