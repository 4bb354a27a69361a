package io.caracal.core.internal.proxy;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.caracal.api.cache.CacheStore;
import io.caracal.core.internal.config.ClusterSpec;
import io.caracal.core.internal.config.RouteSpec;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.BeforeEach;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * Caching routes over real loopback HTTP: a map-backed store bound as "mem", and an origin whose
 * answers each test chooses, which counts the requests it gets and keeps their header fields.
 */
abstract class CacheTestSupport extends ProxyTestSupport {

    /** How the origin answers; may block (the origin has its own threads). */
    interface Origin {
        void answer(Request request, Response response, Callback callback) throws Exception;
    }

    protected MapCacheStore store;
    protected final AtomicInteger originRequests = new AtomicInteger();
    /** The header fields of every request the origin got, in order. */
    protected final List<HttpFields> originSaw = new CopyOnWriteArrayList<>();
    protected volatile Origin origin;
    protected int originPort;

    @BeforeEach
    void startOriginAndStore() throws Exception {
        store = new MapCacheStore();
        router.bindCacheStore(storeReference("mem", "test.cache"), store);
        originPort = startServer(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                originRequests.incrementAndGet();
                originSaw.add(HttpFields.build(request.getHeaders()).asImmutable());
                origin.answer(request, response, callback);
                return true;
            }
        });
        router.putCluster("cluster~c", ClusterSpec.parse(Map.of("name", "c", "upstreams", "127.0.0.1:" + originPort)));
    }

    /** Route {@code name} on {@code prefix}, caching in "mem", with extra keys as name/value pairs. */
    protected void route(String name, String prefix, String... extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("name", name);
        properties.put("path.prefix", prefix);
        properties.put("cluster", "c");
        properties.put("cache", "mem");
        for (int i = 0; i < extra.length; i += 2) {
            properties.put(extra[i], extra[i + 1]);
        }
        router.putRoute("route~" + name, RouteSpec.parse(properties));
    }

    /** Answers with a status, a body and header fields given as name/value pairs. */
    protected static void answer(Response response, Callback callback, int status, String body, String... headers) {
        response.setStatus(status);
        for (int i = 0; i < headers.length; i += 2) {
            response.getHeaders().add(headers[i], headers[i + 1]);
        }
        Content.Sink.write(response, true, body, callback);
    }

    protected ContentResponse get(String path, String... headers) throws Exception {
        return send(HttpMethod.GET, path, headers);
    }

    protected ContentResponse send(HttpMethod method, String path, String... headers) throws Exception {
        return client.newRequest("127.0.0.1", proxyPort).method(method).path(path).headers(h -> {
            for (int i = 0; i < headers.length; i += 2) {
                h.put(headers[i], headers[i + 1]); // replacing the client's defaults (Accept-Encoding)
            }
        }).timeout(10, TimeUnit.SECONDS).send();
    }

    protected static String cacheStatus(ContentResponse response) {
        return response.getHeaders().get("Cache-Status");
    }

    protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    @SuppressWarnings("unchecked")
    protected ServiceReference<CacheStore> storeReference(String name, String bundleName) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> bundleName;
                    case "getVersion" -> new Version(1, 0, 0);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Map<String, Object> properties = Map.of(CacheStore.NAME_PROPERTY, name, "service.ranking", 0, "service.id", 1L);
        return (ServiceReference<CacheStore>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getBundle" -> bundle;
                    case "compareTo" -> 0;
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "reference to cache store " + name;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
