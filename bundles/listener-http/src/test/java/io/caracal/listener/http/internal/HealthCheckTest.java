package io.caracal.listener.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.caracal.api.config.ConfigException;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.Test;

/** {@code health.path}: answered by the listener itself, before the proxy core. */
class HealthCheckTest extends ListenerTestSupport {

    HealthCheckTest() {
        super("health");
        proxy.set((request, response, callback) -> {
            Content.Sink.write(response, true, "proxied " + request.getMethod() + " " + request.getHttpURI().getPathQuery(), callback);
            return true;
        });
    }

    private ContentResponse send(int port, HttpMethod method, String pathQuery) throws Exception {
        return client.newRequest("127.0.0.1", port).method(method).path(pathQuery).timeout(10, TimeUnit.SECONDS).send();
    }

    @Test
    void answers200WhileTheCoreIsThereWithoutAskingIt() throws Exception {
        int port = start(Map.of("health.path", "/healthz"));
        ContentResponse get = send(port, HttpMethod.GET, "/healthz");
        assertEquals(200, get.getStatus());
        assertEquals("ok\n", get.getContentAsString());
        assertEquals("no-store", get.getHeaders().get("Cache-Control"));
        assertTrue(get.getMediaType().startsWith("text/plain"));

        ContentResponse head = send(port, HttpMethod.HEAD, "/healthz");
        assertEquals(200, head.getStatus());
        assertEquals(0, head.getContent().length, "HEAD has no body");
        assertEquals("no-store", head.getHeaders().get("Cache-Control"));

        assertEquals("ok\n", send(port, HttpMethod.GET, "/healthz?from=lb").getContentAsString(), "a query is ignored");
        // Anything else is routed as usual.
        assertEquals("proxied POST /healthz", send(port, HttpMethod.POST, "/healthz").getContentAsString());
        assertEquals("proxied GET /healthz/", send(port, HttpMethod.GET, "/healthz/").getContentAsString());
        assertEquals("proxied GET /healthz2", send(port, HttpMethod.GET, "/healthz2").getContentAsString());
        assertEquals("proxied GET /", send(port, HttpMethod.GET, "/").getContentAsString());
    }

    @Test
    void answers503WithAReasonWhileNoProxyHandlerIsAttached() throws Exception {
        int port = start(Map.of("health.path", "/healthz"));
        Request.Handler core = proxy.getAndSet(null);
        ContentResponse down = send(port, HttpMethod.GET, "/healthz");
        assertEquals(503, down.getStatus());
        assertEquals("503 Service Unavailable: the proxy core is not running\n", down.getContentAsString());
        assertEquals("no-store", down.getHeaders().get("Cache-Control"));
        assertEquals(503, send(port, HttpMethod.HEAD, "/healthz").getStatus());

        proxy.set(core); // the core comes back: so does the health check, on the same listener
        assertEquals(200, send(port, HttpMethod.GET, "/healthz").getStatus());
    }

    @Test
    void offByDefault() throws Exception {
        int port = start(Map.of());
        assertEquals("proxied GET /healthz", send(port, HttpMethod.GET, "/healthz").getContentAsString());
    }

    @Test
    void aRedirectingListenerIsHealthyWithoutTheCore() throws Exception {
        proxy.set(null);
        int port = start(Map.of("health.path", "/ping", "redirect.https.port", "8443"));
        assertEquals(200, send(port, HttpMethod.GET, "/ping").getStatus(), "it needs no core to redirect");
        client.setFollowRedirects(false);
        assertEquals(308, send(port, HttpMethod.GET, "/other").getStatus());
    }

    @Test
    void theSettingMustBeAPlainPath() {
        for (String bad : new String[] {"healthz", "/health check", "/h?x=1", "/h#top"}) {
            ConfigException error = assertThrows(ConfigException.class,
                    () -> ListenerSpec.parse(Map.of("name", "x", "health.path", bad)), bad);
            assertEquals("health.path", error.key());
        }
        assertEquals("/-/ready", ListenerSpec.parse(Map.of("name", "x", "health.path", " /-/ready ")).healthPath());
    }
}
