package io.caracal.listener.http.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.caracal.api.tls.TlsContext;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of a real listener share: a Jetty client started for each test (HttpsListenerTest
 * uses the JDK's instead), and a listener on a free loopback port, made from a test's own settings
 * and stopped after the test.
 */
abstract class ListenerTestSupport {

    /** Stands in for the proxy core of the listener started by {@link #start(Map)}; null: no core yet. */
    final AtomicReference<Request.Handler> proxy = new AtomicReference<>();
    /** The listener the test started, if any; a test that stops it itself sets it to null. */
    ListenerServer listener;
    HttpClient client;

    private final String name;

    /** @param name the listener's name */
    ListenerTestSupport(String name) {
        this.name = name;
    }

    @BeforeEach
    void startClient() throws Exception {
        client = new HttpClient();
        client.start();
    }

    /** Runs after a subclass's own {@code @AfterEach} methods (which must have other names). */
    @AfterEach
    void stopClientAndListener() throws Exception {
        client.stop();
        if (listener != null) {
            listener.stop();
        }
    }

    /** The test's settings with this listener's name, host 127.0.0.1 and port 0 (a free one). */
    Map<String, Object> settings(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("name", name);
        properties.put("host", "127.0.0.1");
        properties.put("port", "0");
        return properties;
    }

    /**
     * Starts a listener with the test's settings and {@link #proxy} as its core. Its access log is
     * off unless the test sets {@code access.log} (AccessLogTest covers it; no files in the working
     * directory).
     *
     * @return the port it listens on
     */
    int start(Map<String, Object> extra) throws Exception {
        return start(extra, null);
    }

    /** {@link #start(Map)}, with the TLS context that a {@code tls.context} setting finds (or none). */
    int start(Map<String, Object> extra, TlsContext tls) throws Exception {
        Map<String, Object> properties = settings(extra);
        properties.putIfAbsent("access.log", "off");
        return start(ListenerSpec.parse(properties), proxy::get, tls == null ? null : () -> tls);
    }

    /** Starts {@link #listener} and returns the port it listens on. */
    int start(ListenerSpec spec, Supplier<Request.Handler> core, Supplier<TlsContext> tls) throws Exception {
        listener = new ListenerServer(spec, core, tls);
        listener.start();
        return listener.localPort();
    }

    /** Bounded polling for a condition that becomes true asynchronously. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(10);
        }
    }
}
