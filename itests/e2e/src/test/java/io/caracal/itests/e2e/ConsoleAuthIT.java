package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web console on the admin port: Basic auth with the generated password, loopback only. */
class ConsoleAuthIT {

    private static final String CONSOLE = "/system/console";

    private static CaracalProcess caracal;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        caracal = CaracalProcess.create("console").start();
        caracal.awaitServing("/");
        caracal.awaitConsole();
    }

    @AfterAll
    static void stop() {
        if (caracal != null) {
            caracal.close();
        }
    }

    @Test
    void withoutCredentialsIs401() throws Exception {
        HttpResponse<String> response = Http.get(caracal.adminUrl(CONSOLE));
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
                "asks for Basic auth: " + response.headers().map());
    }

    @Test
    void wrongPasswordIs401() throws Exception {
        HttpResponse<String> response = Http.get(caracal.adminUrl(CONSOLE),
                "Authorization", Http.basicAuth("admin", caracal.adminPassword() + "-wrong"));
        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void wrongUserIs401() throws Exception {
        HttpResponse<String> response = Http.get(caracal.adminUrl(CONSOLE),
                "Authorization", Http.basicAuth("root", caracal.adminPassword()));
        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void generatedPasswordIs200() throws Exception {
        String authorization = Http.basicAuth("admin", caracal.adminPassword());
        URI uri = caracal.adminUrl(CONSOLE);
        HttpResponse<String> response = Http.get(uri, "Authorization", authorization);
        for (int redirects = 0; redirects < 5 && response.statusCode() / 100 == 3; redirects++) {
            uri = uri.resolve(response.headers().firstValue("Location").orElseThrow());
            assertEquals(caracal.adminPort(), uri.getPort(), "redirects stay on the admin port: " + uri);
            response = Http.get(uri, "Authorization", authorization);
        }
        assertEquals(200, response.statusCode(), uri + ": " + response.body());
    }

    @Test
    void consoleListensOnLoopbackOnly() throws Exception {
        // On this host's other addresses the listener (bound to 0.0.0.0) answers and the console must not.
        List<InetAddress> others = NetworkInterface.networkInterfaces()
                .filter(ConsoleAuthIT::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .filter(address -> accepts(address, caracal.listenerPort()))
                .toList();
        assumeTrue(!others.isEmpty(), "this host has no non-loopback IPv4 address to test with");
        assertTrue(accepts(InetAddress.getLoopbackAddress(), caracal.adminPort()), "console on 127.0.0.1");
        for (InetAddress address : others) {
            assertFalse(accepts(address, caracal.adminPort()),
                    "console port " + caracal.adminPort() + " must not accept connections on " + address.getHostAddress());
        }
        System.out.println("console not reachable on " + others + ", only on 127.0.0.1");
    }

    private static boolean isUp(NetworkInterface networkInterface) {
        try {
            return networkInterface.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
