package io.caracal.core.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.caracal.core.internal.cache.RouteCache;

import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

/** Stale answers (RFC 5861) and request coalescing on a caching route. */
class CacheResilienceTest extends CacheTestSupport {

    private RouteCache routeCache() {
        return router.snapshot().routes().get(0).cache();
    }

    private CompletableFuture<ContentResponse> getAsync(String path) {
        return new CompletableResponseListener(client.newRequest("127.0.0.1", proxyPort).path(path)
                .timeout(20, TimeUnit.SECONDS)).send();
    }

    @Test
    void staleWhileRevalidateAnswersAtOnceAndRefreshesOnceInTheBackground() throws Exception {
        route("r", "/");
        CountDownLatch revalidationArrived = new CountDownLatch(1);
        CountDownLatch releaseRevalidation = new CountDownLatch(1);
        origin = (request, response, callback) -> {
            if (request.getHeaders().get(HttpHeader.IF_NONE_MATCH) == null) {
                answer(response, callback, 200, "v1", "ETag", "\"v1\"",
                        "Cache-Control", "max-age=1, stale-while-revalidate=600");
                return;
            }
            revalidationArrived.countDown();
            assertTrue(releaseRevalidation.await(10, TimeUnit.SECONDS));
            answer(response, callback, 200, "v2", "ETag", "\"v2\"", "Cache-Control", "max-age=100");
        };
        get("/page");
        store.puts.clear();
        store.age(10);

        for (int i = 0; i < 5; i++) {
            ContentResponse stale = get("/page");
            assertEquals("v1", stale.getContentAsString(), "served stale at once, while the origin holds on");
            assertTrue(stale.getHeaders().get("Cache-Status").startsWith("Caracal; hit; fwd=stale; ttl=-"),
                    stale.getHeaders().get("Cache-Status"));
        }
        assertTrue(revalidationArrived.await(10, TimeUnit.SECONDS));
        assertEquals(2, originRequests.get(), "one background revalidation for five stale answers");
        assertEquals("\"v1\"", originSaw.get(1).get(HttpHeader.IF_NONE_MATCH));
        assertEquals(1, routeCache().revalidating());

        releaseRevalidation.countDown();
        assertTrue(store.puts.poll(10, TimeUnit.SECONDS) != null, "the refreshed response is stored");
        ContentResponse fresh = get("/page");
        assertEquals("v2", fresh.getContentAsString());
        assertTrue(fresh.getHeaders().get("Cache-Status").startsWith("Caracal; hit; ttl="));
        assertEquals(2, originRequests.get());
        await("the revalidation to end", () -> routeCache().revalidating() == 0);
    }

    @Test
    void staleIfErrorAnswersWhenTheOriginFailsOrIsDown() throws Exception {
        route("r", "/");
        AtomicInteger status = new AtomicInteger(200);
        origin = (request, response, callback) -> answer(response, callback, status.get(), "v" + status.get(),
                "Cache-Control", "max-age=1, stale-if-error=600");
        get("/page");
        store.age(10);

        status.set(500);
        ContentResponse onError = get("/page");
        assertEquals(200, onError.getStatus());
        assertEquals("v200", onError.getContentAsString());
        assertTrue(onError.getHeaders().get("Cache-Status").matches("Caracal; hit; fwd=stale; fwd-status=500; ttl=-\\d+"),
                onError.getHeaders().get("Cache-Status"));

        servers.get(servers.size() - 1).stop(); // the origin
        ContentResponse whileDown = get("/page");
        assertEquals(200, whileDown.getStatus());
        assertEquals("v200", whileDown.getContentAsString());
        assertTrue(whileDown.getHeaders().get("Cache-Status").startsWith("Caracal; hit; fwd=stale"));

        // Past the stale-if-error window the error comes through.
        store.age(1000);
        ContentResponse tooOld = get("/page");
        assertEquals(502, tooOld.getStatus());
        assertEquals("Caracal; fwd=stale", tooOld.getHeaders().get("Cache-Status"));
    }

    @Test
    void concurrentMissesSendOneRequestUpstream() throws Exception {
        route("r", "/");
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        origin = (request, response, callback) -> {
            arrived.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            answer(response, callback, 200, "shared", "Cache-Control", "max-age=60");
        };
        List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(getAsync("/hot"));
        }
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        await("19 requests waiting for the first", () -> routeCache().coalescer().waiting() == 19);
        release.countDown();

        int collapsed = 0;
        for (CompletableFuture<ContentResponse> future : responses) {
            ContentResponse response = future.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.getStatus());
            assertEquals("shared", response.getContentAsString());
            String cacheStatus = response.getHeaders().get("Cache-Status");
            if (cacheStatus.equals("Caracal; fwd=uri-miss; collapsed")) {
                collapsed++;
            } else {
                assertEquals("Caracal; fwd=uri-miss; stored", cacheStatus);
            }
        }
        assertEquals(19, collapsed);
        assertEquals(1, originRequests.get());
        var stats = routeCache().counters().snapshot("r");
        assertEquals(19, stats.hits());
        assertEquals(1, stats.misses());
    }

    @Test
    void waitersGoUpstreamThemselvesWhenTheResponseCannotBeShared() throws Exception {
        route("r", "/");
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        origin = (request, response, callback) -> {
            if (arrived.getCount() > 0) {
                arrived.countDown();
                assertTrue(release.await(10, TimeUnit.SECONDS));
            }
            answer(response, callback, 200, "mine", "Cache-Control", "private, max-age=60");
        };
        List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            responses.add(getAsync("/personal"));
        }
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        await("4 requests waiting", () -> routeCache().coalescer().waiting() == 4);
        release.countDown();
        int notCollapsed = 0;
        for (CompletableFuture<ContentResponse> future : responses) {
            ContentResponse response = future.get(20, TimeUnit.SECONDS);
            assertEquals("mine", response.getContentAsString());
            if (response.getHeaders().get("Cache-Status").equals("Caracal; fwd=miss; collapsed=?0; detail=private")) {
                notCollapsed++;
            }
        }
        assertEquals(4, notCollapsed);
        assertEquals(5, originRequests.get());

        // Known unshareable now: the next misses do not queue behind one another.
        get("/personal");
        assertEquals(0, routeCache().coalescer().waiting());
        assertEquals(6, originRequests.get());
    }

    @Test
    void aWaiterNeverGetsTheResponseOfAnAuthenticatedLeaderThatMustBeRevalidated() throws Exception {
        route("r", "/");
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        origin = (request, response, callback) -> {
            if (request.getHeaders().get(HttpHeader.AUTHORIZATION) == null) {
                answer(response, callback, 401, "who are you?", "WWW-Authenticate", "Bearer");
                return;
            }
            arrived.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            answer(response, callback, 200, "secret", "Cache-Control", "max-age=0, must-revalidate", "ETag", "\"s\"");
        };
        CompletableFuture<ContentResponse> leader = new CompletableResponseListener(client.newRequest("127.0.0.1",
                proxyPort).path("/account").headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer alice"))
                .timeout(20, TimeUnit.SECONDS)).send();
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        CompletableFuture<ContentResponse> anonymous = getAsync("/account");
        await("the anonymous request waiting", () -> routeCache().coalescer().waiting() == 1);
        release.countDown();

        assertEquals("secret", leader.get(20, TimeUnit.SECONDS).getContentAsString());
        ContentResponse waiter = anonymous.get(20, TimeUnit.SECONDS);
        assertEquals(401, waiter.getStatus(), waiter.getHeaders().get("Cache-Status"));
        assertEquals("who are you?", waiter.getContentAsString());
        assertEquals(2, originRequests.get());
    }

    @Test
    void aWaiterRevalidatesALeadersResponseThatIsNotFresh() throws Exception {
        route("r", "/");
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        origin = (request, response, callback) -> {
            if (request.getHeaders().get(HttpHeader.IF_NONE_MATCH) != null) {
                answer(response, callback, 304, "", "ETag", "\"n\"", "Cache-Control", "no-cache");
                return;
            }
            arrived.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            answer(response, callback, 200, "news", "Cache-Control", "no-cache", "ETag", "\"n\"");
        };
        CompletableFuture<ContentResponse> leader = getAsync("/news");
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        CompletableFuture<ContentResponse> second = getAsync("/news");
        await("the second request waiting", () -> routeCache().coalescer().waiting() == 1);
        release.countDown();
        assertEquals("news", leader.get(20, TimeUnit.SECONDS).getContentAsString());
        ContentResponse waiter = second.get(20, TimeUnit.SECONDS);
        assertEquals("news", waiter.getContentAsString());
        assertEquals("Caracal; fwd=stale; fwd-status=304; collapsed=?0", waiter.getHeaders().get("Cache-Status"));
        assertEquals(2, originRequests.get(), "the waiter revalidated no-cache");
        assertEquals("\"n\"", originSaw.get(1).get(HttpHeader.IF_NONE_MATCH));
    }

    @Test
    void coalescingCanBeTurnedOff() throws Exception {
        route("r", "/", "cache.coalesce", "false");
        CountDownLatch allArrived = new CountDownLatch(3);
        origin = (request, response, callback) -> {
            allArrived.countDown();
            assertTrue(allArrived.await(10, TimeUnit.SECONDS), "all three reach the origin together");
            answer(response, callback, 200, "x", "Cache-Control", "max-age=60");
        };
        List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            responses.add(getAsync("/hot"));
        }
        for (CompletableFuture<ContentResponse> future : responses) {
            assertEquals(200, future.get(20, TimeUnit.SECONDS).getStatus());
        }
        assertEquals(3, originRequests.get());
    }
}
