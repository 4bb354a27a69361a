package io.caracal.core.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;
import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.config.RouteSpec;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routes' filter chains over real loopback HTTP: order, rejections, header changes, missing and failing filters. */
class FilterChainTest extends ProxyTestSupport {

    private final AtomicInteger originRequests = new AtomicInteger();
    private int origin;
    private long nextServiceId = 1;

    @BeforeEach
    void startOrigin() throws Exception {
        // Echoes the request headers it received as X-Echo-* response headers.
        origin = startServer(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                originRequests.incrementAndGet();
                for (HttpField field : request.getHeaders()) {
                    response.getHeaders().add("X-Echo-" + field.getName(), field.getValue());
                }
                Content.Sink.write(response, true, "origin", callback);
                return true;
            }
        });
        router.putCluster("cluster~c", ClusterSpec.parse(Map.of("name", "c", "upstreams", "127.0.0.1:" + origin)));
    }

    private void route(String filters) {
        router.putRoute("route~r", RouteSpec.parse(Map.of("name", "r", "cluster", "c", "filters", filters)));
    }

    private ServiceReference<RequestFilter> bind(String name, int ranking, RequestFilter filter) {
        ServiceReference<RequestFilter> reference = reference(name, ranking);
        router.bindFilter(reference, filter);
        return reference;
    }

    private ContentResponse get(String... headers) throws Exception {
        return client.newRequest("127.0.0.1", proxyPort).path("/x").headers(h -> {
            for (int i = 0; i < headers.length; i += 2) {
                h.add(headers[i], headers[i + 1]);
            }
        }).timeout(10, TimeUnit.SECONDS).send();
    }

    @Test
    void aRejectionAnswersWithTheFiltersStatusReasonAndHeadersWithoutAskingTheOrigin() throws Exception {
        AtomicInteger laterCalls = new AtomicInteger();
        bind("deny", 0, context -> FilterDecision.reject(429, "slow down", List.of(Map.entry("Retry-After", "7"))));
        bind("later", 0, context -> {
            laterCalls.incrementAndGet();
            return FilterDecision.proceed();
        });
        route("deny, later");

        ContentResponse response = get();
        assertEquals(429, response.getStatus());
        assertEquals("429 Too Many Requests: slow down\n", response.getContentAsString());
        assertEquals("7", response.getHeaders().get("Retry-After"));
        assertEquals(0, originRequests.get());
        assertEquals(0, laterCalls.get(), "filters after a rejection do not run");
        assertEquals(1, router.snapshot().routes().get(0).filters().get(0).stats().rejected());
    }

    @Test
    void filtersSetAndRemoveUpstreamHeadersAndAddResponseHeaders() throws Exception {
        bind("identity", 0, context -> {
            context.setUpstreamHeader("X-User", "alice");
            context.removeUpstreamHeader("X-Secret");
            context.addResponseHeader("X-Limit", "10");
            context.attributes().put("seen-by", "identity");
            return FilterDecision.proceed();
        });
        bind("reader", 0, context -> {
            // Filters later in the chain see what earlier ones stored.
            context.addResponseHeader("X-Seen-By", String.valueOf(context.attributes().get("seen-by")));
            return FilterDecision.proceed();
        });
        route("identity, reader");

        ContentResponse response = get("X-User", "mallory", "X-Secret", "s3cret", "X-Other", "kept");
        assertEquals(200, response.getStatus());
        assertEquals(List.of("alice"), response.getHeaders().getValuesList("X-Echo-X-User"),
                "the client's forged value is replaced, not joined");
        assertNull(response.getHeaders().get("X-Echo-X-Secret"));
        assertEquals("kept", response.getHeaders().get("X-Echo-X-Other"));
        assertEquals("10", response.getHeaders().get("X-Limit"));
        assertEquals("identity", response.getHeaders().get("X-Seen-By"));
    }

    @Test
    void responseHeadersOfPassingFiltersStayOnLaterRejectionsAndProxyErrors() throws Exception {
        bind("limit", 0, context -> {
            context.addResponseHeader("RateLimit-Remaining", "4");
            return FilterDecision.proceed();
        });
        bind("auth", 0, context -> context.request().header("Authorization") == null
                ? FilterDecision.reject(401, "credentials required", List.of(Map.entry("WWW-Authenticate", "Basic realm=\"x\"")))
                : FilterDecision.proceed());
        route("limit, auth");

        ContentResponse rejected = get();
        assertEquals(401, rejected.getStatus());
        assertEquals("4", rejected.getHeaders().get("RateLimit-Remaining"));
        assertEquals("Basic realm=\"x\"", rejected.getHeaders().get("WWW-Authenticate"));

        servers.get(servers.size() - 1).stop(); // the origin
        ContentResponse badGateway = get("Authorization", "Basic eDp5");
        assertEquals(502, badGateway.getStatus());
        assertEquals("4", badGateway.getHeaders().get("RateLimit-Remaining"));
    }

    @Test
    void aMissingFilterFailsClosedUntilItArrives() throws Exception {
        route("guard");
        ContentResponse missing = get();
        assertEquals(503, missing.getStatus());
        assertTrue(missing.getContentAsString().contains("needs filter 'guard', which is not available"),
                missing.getContentAsString());
        assertEquals(0, originRequests.get());
        assertTrue(router.snapshot().warnings().stream().anyMatch(w -> w.contains("lists filter 'guard'")),
                router.snapshot().warnings().toString());

        ServiceReference<RequestFilter> guard = bind("guard", 0, context -> FilterDecision.proceed());
        assertEquals(200, get().getStatus());

        router.unbindFilter(guard, null);
        assertEquals(503, get().getStatus());
    }

    @Test
    void aThrowingFilterGives500AndIsCounted() throws Exception {
        bind("boom", 0, context -> {
            throw new IllegalStateException("bug");
        });
        route("boom");
        ContentResponse response = get();
        assertEquals(500, response.getStatus());
        assertEquals("500 Server Error: filter 'boom' failed\n", response.getContentAsString());
        assertFalse(response.getContentAsString().contains("bug"), "internals stay in the log");
        assertEquals(1, router.snapshot().routes().get(0).filters().get(0).stats().failed());
    }

    @Test
    void aHeaderValueWithALineBreakIsAFilterBugNotAnInjection() throws Exception {
        bind("inject", 0, context -> {
            context.setUpstreamHeader("X-User", "alice\r\nX-Admin: true");
            return FilterDecision.proceed();
        });
        route("inject");
        assertEquals(500, get().getStatus());
        assertEquals(0, originRequests.get());
    }

    @Test
    void reservedHeadersAndControlCharactersAreFilterBugs() throws Exception {
        bind("host", 0, context -> {
            context.setUpstreamHeader("Host", "internal.example");
            return FilterDecision.proceed();
        });
        route("host");
        assertEquals(500, get().getStatus());
        bind("nul", 0, context -> {
            context.setUpstreamHeader("X-User", "alice\u0000");
            return FilterDecision.proceed();
        });
        route("nul");
        assertEquals(500, get().getStatus());
        assertEquals(0, originRequests.get());
    }

    @Test
    void aSlowFilterDoesNotHoldUpOtherConnectionsOfTheListener() throws Exception {
        // One selector thread, as a listener has: a filter that takes its time must not run on it.
        Server single = new Server();
        ServerConnector connector = new ServerConnector(single, 1, 1);
        connector.setHost("127.0.0.1");
        single.addConnector(connector);
        ProxyRequestHandler handler = new ProxyRequestHandler(router);
        single.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return handler.handle(request, response, callback);
            }
        });
        single.start();
        servers.add(single);
        java.util.concurrent.CountDownLatch inFilter = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        bind("slow", 0, context -> {
            inFilter.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FilterDecision.proceed();
        });
        router.putRoute("route~slow", RouteSpec.parse(Map.of("name", "slow", "cluster", "c", "path.prefix", "/slow",
                "filters", "slow")));
        router.putRoute("route~fast", RouteSpec.parse(Map.of("name", "fast", "cluster", "c", "path.prefix", "/fast")));

        var slowAnswer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return client.newRequest("127.0.0.1", connector.getLocalPort()).path("/slow")
                        .timeout(30, TimeUnit.SECONDS).send().getStatus();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertTrue(inFilter.await(10, TimeUnit.SECONDS), "the slow filter runs");
            ContentResponse fast = client.newRequest("127.0.0.1", connector.getLocalPort()).path("/fast")
                    .timeout(10, TimeUnit.SECONDS).send();
            assertEquals(200, fast.getStatus(), "served while the slow filter still works");
        } finally {
            release.countDown();
        }
        assertEquals(200, slowAnswer.get(20, TimeUnit.SECONDS));
    }

    @Test
    void theHighestRankedFilterOfANameIsUsedAndCountersSurviveRebuilds() throws Exception {
        bind("pick", 0, context -> FilterDecision.reject(403, "low"));
        ServiceReference<RequestFilter> high = bind("pick", 10, context -> FilterDecision.reject(403, "high"));
        route("pick");
        assertEquals("403 Forbidden: high\n", get().getContentAsString());

        router.unbindFilter(high, null);
        assertEquals("403 Forbidden: low\n", get().getContentAsString());
        assertEquals(2, router.snapshot().routes().get(0).filters().get(0).stats().rejected());
    }

    @Test
    void aRouteListingAFilterTwiceIsRejectedNamingTheKey() {
        var error = org.junit.jupiter.api.Assertions.assertThrows(io.caracal.api.config.ConfigException.class,
                () -> RouteSpec.parse(Map.of("name", "r", "cluster", "c", "filters", "a, b, a")));
        assertTrue(error.getMessage().contains("filters"), error.getMessage());
    }

    /** A service reference as the framework would hand it over: name, ranking, id and bundle. */
    @SuppressWarnings("unchecked")
    private ServiceReference<RequestFilter> reference(String name, int ranking) {
        long id = nextServiceId++;
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> "test.filters";
                    case "getVersion" -> Version.emptyVersion;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Map<String, Object> properties = Map.of(RequestFilter.NAME_PROPERTY, name, "service.ranking", ranking,
                "service.id", id);
        return (ServiceReference<RequestFilter>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getBundle" -> bundle;
                    // Framework order: higher ranking first, then lower id.
                    case "compareTo" -> {
                        ServiceReference<?> other = (ServiceReference<?>) args[0];
                        int byRanking = Integer.compare(ranking, (Integer) other.getProperty("service.ranking"));
                        yield byRanking != 0 ? byRanking : Long.compare((Long) other.getProperty("service.id"), id);
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "reference to filter " + name;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
