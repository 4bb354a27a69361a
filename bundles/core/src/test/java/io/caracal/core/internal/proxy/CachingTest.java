package io.caracal.core.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestBodyFilter;
import io.caracal.api.filter.ResponseInspector;
import io.caracal.api.filter.ResponseView;
import io.caracal.core.internal.cache.CacheKey;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.Test;

/** HTTP caching semantics of a caching route (RFC 9111 as a shared cache, RFC 9211), rule by rule. */
class CachingTest extends CacheTestSupport {

    private static final String LONG_AGO = "Mon, 01 Jan 2024 00:00:00 GMT";

    private static String httpDate(long epochMillis) {
        return org.eclipse.jetty.http.DateGenerator.formatDate(epochMillis);
    }

    @Test
    void aFreshHitDoesNotTouchTheOriginAndCarriesAge() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> answer(response, callback, 200, "hello",
                "Cache-Control", "max-age=60", "Connection", "X-Hop", "X-Hop", "secret", "Age", "0");

        ContentResponse first = get("/a?x=1");
        assertEquals("hello", first.getContentAsString());
        assertEquals("Caracal; fwd=uri-miss; stored", cacheStatus(first));

        ContentResponse second = get("/a?x=1");
        assertEquals(200, second.getStatus());
        assertEquals("hello", second.getContentAsString());
        assertEquals(1, originRequests.get(), "answered from the cache");
        assertTrue(Long.parseLong(second.getHeaders().get(HttpHeader.AGE)) <= 2, second.getHeaders().toString());
        assertTrue(cacheStatus(second).matches("Caracal; hit; ttl=(58|59|60)"), cacheStatus(second));
        assertNull(second.getHeaders().get("X-Hop"), "hop-by-hop fields are not stored");
        assertEquals("5", second.getHeaders().get(HttpHeader.CONTENT_LENGTH));

        store.age(10);
        ContentResponse older = get("/a?x=1");
        long age = Long.parseLong(older.getHeaders().get(HttpHeader.AGE));
        assertTrue(age >= 10 && age <= 12, "Age " + age);
        assertEquals(1, older.getHeaders().getValuesList(HttpHeader.AGE).size(), "Age is replaced, not added");
        assertEquals(1, originRequests.get());

        // Another query is another URL.
        get("/a?x=2");
        assertEquals(2, originRequests.get());
    }

    @Test
    void anAgeFromUpstreamCountsTowardsTheAge() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> answer(response, callback, 200, "old",
                "Cache-Control", "max-age=60", "Age", "50");
        get("/x");
        ContentResponse hit = get("/x");
        long age = Long.parseLong(hit.getHeaders().get(HttpHeader.AGE));
        assertTrue(age >= 50 && age <= 52, "corrected initial age from Age: " + age);
        store.age(11);
        get("/x");
        assertEquals(2, originRequests.get(), "60 seconds of life were 50 gone on arrival");
    }

    @Test
    void sMaxageWinsOverMaxAgeWhichWinsOverExpires() throws Exception {
        route("r", "/");
        long now = System.currentTimeMillis();
        origin = (request, response, callback) -> {
            switch (request.getHttpURI().getPath()) {
                case "/shared" -> answer(response, callback, 200, "s", "Cache-Control", "max-age=1, s-maxage=100");
                case "/max-age" -> answer(response, callback, 200, "m", "Cache-Control", "max-age=100",
                        "Expires", httpDate(now - 3_600_000));
                default -> answer(response, callback, 200, "e", "Expires", httpDate(now + 100_000));
            }
        };
        for (String path : new String[] {"/shared", "/max-age", "/expires"}) {
            get(path);
        }
        store.age(30);
        for (String path : new String[] {"/shared", "/max-age", "/expires"}) {
            assertTrue(cacheStatus(get(path)).startsWith("Caracal; hit"), path);
        }
        assertEquals(3, originRequests.get());
        store.age(100);
        for (String path : new String[] {"/shared", "/max-age", "/expires"}) {
            assertTrue(cacheStatus(get(path)).startsWith("Caracal; fwd=stale"), path);
        }
        assertEquals(6, originRequests.get());
    }

    @Test
    void heuristicFreshnessNeedsLastModifiedAndNeverOverridesExplicitFreshness() throws Exception {
        route("r", "/", "cache.heuristic.max.s", "60");
        long tenDaysAgo = System.currentTimeMillis() - 10 * 86_400_000L;
        origin = (request, response, callback) -> {
            switch (request.getHttpURI().getPath()) {
                case "/modified" -> answer(response, callback, 200, "h", "Last-Modified", httpDate(tenDaysAgo));
                case "/explicit" -> answer(response, callback, 200, "x", "Last-Modified", httpDate(tenDaysAgo),
                        "Cache-Control", "max-age=0");
                default -> answer(response, callback, 200, "n");
            }
        };
        get("/modified");
        assertTrue(cacheStatus(get("/modified")).startsWith("Caracal; hit; ttl="), "10% of ten days, capped at 60 s");
        assertEquals(1, originRequests.get());
        store.age(61);
        assertTrue(cacheStatus(get("/modified")).startsWith("Caracal; fwd=stale"), "the cap holds");
        assertEquals(httpDate(tenDaysAgo), originSaw.get(1).get(HttpHeader.IF_MODIFIED_SINCE), "revalidated by date");

        assertEquals("Caracal; fwd=miss; detail=no-freshness", cacheStatus(get("/plain")),
                "neither explicit freshness nor a validator: nothing to gain from storing");
        get("/plain");
        assertEquals(4, originRequests.get());

        get("/explicit");
        ContentResponse explicit = get("/explicit");
        assertTrue(cacheStatus(explicit).startsWith("Caracal; fwd=stale"), "max-age=0 beats any heuristic");
        assertEquals(6, originRequests.get());
    }

    @Test
    void noStoreOnTheRequestOrTheResponseAndPrivateAreNeverStored() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> {
            switch (request.getHttpURI().getPath()) {
                case "/no-store" -> answer(response, callback, 200, "a", "Cache-Control", "no-store, max-age=60");
                case "/private" -> answer(response, callback, 200, "b", "Cache-Control", "private, max-age=60");
                default -> answer(response, callback, 200, "c", "Cache-Control", "max-age=60");
            }
        };
        assertEquals("Caracal; fwd=miss; detail=no-store", cacheStatus(get("/no-store")));
        get("/no-store");
        assertEquals("Caracal; fwd=miss; detail=private", cacheStatus(get("/private")));
        get("/private");
        assertEquals("Caracal; fwd=miss; detail=request-no-store",
                cacheStatus(get("/public", "Cache-Control", "no-store")));
        assertEquals(5, originRequests.get());
        assertEquals(0, store.responses());
        assertEquals("Caracal; fwd=uri-miss; stored", cacheStatus(get("/public")));
    }

    @Test
    void aResponseToAnAuthorizedRequestIsStoredOnlyWhenMarkedShareable() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> answer(response, callback, 200, "for " + request.getHeaders()
                .get(HttpHeader.AUTHORIZATION), "Cache-Control", request.getHttpURI().getPath().equals("/public")
                        ? "public, max-age=60" : "max-age=60");
        assertEquals("Caracal; fwd=miss; detail=authorization",
                cacheStatus(get("/personal", "Authorization", "Bearer alice")));
        assertEquals("for Bearer bob", get("/personal", "Authorization", "Bearer bob").getContentAsString());

        assertEquals("Caracal; fwd=uri-miss; stored", cacheStatus(get("/public", "Authorization", "Bearer alice")));
        ContentResponse shared = get("/public", "Authorization", "Bearer bob");
        assertEquals("for Bearer alice", shared.getContentAsString(), "public makes it shareable");
        assertEquals(3, originRequests.get());
    }

    @Test
    void aResponseWithSetCookieIsNotStored() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> answer(response, callback, 200, "c",
                "Cache-Control", "public, max-age=60", "Set-Cookie", "session=alice");
        assertEquals("Caracal; fwd=miss; detail=set-cookie", cacheStatus(get("/")));
        assertEquals("session=alice", get("/").getHeaders().get(HttpHeader.SET_COOKIE));
        assertEquals(2, originRequests.get());
    }

    @Test
    void noCacheIsStoredButRevalidatedEveryTime() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> {
            if ("\"v1\"".equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
                answer(response, callback, 304, "", "ETag", "\"v1\"", "Cache-Control", "no-cache");
            } else {
                answer(response, callback, 200, "body", "ETag", "\"v1\"", "Cache-Control", "no-cache");
            }
        };
        assertEquals("Caracal; fwd=uri-miss; stored", cacheStatus(get("/")));
        for (int i = 0; i < 3; i++) {
            ContentResponse revalidated = get("/");
            assertEquals(200, revalidated.getStatus());
            assertEquals("body", revalidated.getContentAsString());
            assertEquals("Caracal; fwd=stale; fwd-status=304", cacheStatus(revalidated));
        }
        assertEquals(4, originRequests.get());
        assertEquals("\"v1\"", originSaw.get(3).get(HttpHeader.IF_NONE_MATCH));
    }

    @Test
    void mustRevalidateForbidsServingStaleEvenOnErrors() throws Exception {
        route("r", "/");
        AtomicInteger answer = new AtomicInteger(200);
        origin = (request, response, callback) -> answer(response, callback, answer.get(), "v" + answer.get(),
                "Cache-Control", "max-age=1, must-revalidate, stale-if-error=600, stale-while-revalidate=600");
        get("/");
        store.age(10);
        answer.set(500);
        ContentResponse error = get("/");
        assertEquals(500, error.getStatus(), "no stale answer");
        assertTrue(cacheStatus(error).startsWith("Caracal; fwd=stale"), cacheStatus(error));

        // The same without must-revalidate may be served stale.
        route("lenient", "/lenient");
        origin = (request, response, callback) -> answer(response, callback, answer.get(), "v" + answer.get(),
                "Cache-Control", "max-age=1, stale-if-error=600");
        answer.set(200);
        get("/lenient");
        store.age(10);
        answer.set(500);
        ContentResponse stale = get("/lenient");
        assertEquals(200, stale.getStatus());
        assertEquals("v200", stale.getContentAsString());
    }

    @Test
    void varyKeepsVariantsApartAndVaryStarIsNeverStored() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> {
            if (request.getHttpURI().getPath().equals("/star")) {
                answer(response, callback, 200, "star", "Cache-Control", "max-age=60", "Vary", "*");
                return;
            }
            String encoding = String.valueOf(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
            answer(response, callback, 200, "body for " + encoding, "Cache-Control", "max-age=60",
                    "Vary", "Accept-Encoding");
        };
        ContentResponse gzip = get("/v", "Accept-Encoding", "gzip");
        assertEquals("body for gzip", gzip.getContentAsString());
        assertEquals("Caracal; fwd=uri-miss; stored", cacheStatus(gzip));
        ContentResponse identity = get("/v", "Accept-Encoding", "identity");
        assertEquals("body for identity", identity.getContentAsString());
        assertEquals("Caracal; fwd=vary-miss; stored", cacheStatus(identity));
        for (int i = 0; i < 2; i++) {
            assertEquals("body for gzip", get("/v", "Accept-Encoding", "GZIP ").getContentAsString(),
                    "normalized: case and whitespace");
            assertEquals("body for identity", get("/v", "Accept-Encoding", "identity").getContentAsString());
        }
        assertEquals(2, originRequests.get());
        assertEquals(2, store.responses(), "two variants");
        assertEquals(3, store.entries.size(), "and one marker");

        assertEquals("Caracal; fwd=miss; detail=vary-star", cacheStatus(get("/star")));
        get("/star");
        assertEquals(4, originRequests.get());
    }

    @Test
    void aStaleEntryIsRevalidatedWithItsETagAndA304UpdatesItsHeaders() throws Exception {
        route("r", "/");
        AtomicInteger version = new AtomicInteger(1);
        origin = (request, response, callback) -> {
            if ("\"e1\"".equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
                answer(response, callback, 304, "", "ETag", "\"e1\"", "Cache-Control", "max-age=100",
                        "X-Version", "" + version.incrementAndGet());
            } else {
                answer(response, callback, 200, "original", "ETag", "\"e1\"", "Cache-Control", "max-age=10",
                        "X-Version", "1", "Content-Type", "text/plain");
            }
        };
        get("/doc");
        store.age(20);
        ContentResponse revalidated = get("/doc");
        assertEquals(200, revalidated.getStatus());
        assertEquals("original", revalidated.getContentAsString());
        assertEquals("2", revalidated.getHeaders().get("X-Version"), "the 304's fields replace the stored ones");
        assertEquals("text/plain", revalidated.getHeaders().get(HttpHeader.CONTENT_TYPE), "the others stay");
        assertEquals("Caracal; fwd=stale; fwd-status=304", cacheStatus(revalidated));
        assertEquals("\"e1\"", originSaw.get(1).get(HttpHeader.IF_NONE_MATCH));

        ContentResponse after = get("/doc");
        assertTrue(cacheStatus(after).matches("Caracal; hit; ttl=(99|100)"), "fresh for max-age=100 now: " + cacheStatus(after));
        assertEquals("2", after.getHeaders().get("X-Version"));
        assertEquals(2, originRequests.get());
    }

    @Test
    void aChangedResponseReplacesTheStaleOne() throws Exception {
        route("r", "/");
        AtomicInteger version = new AtomicInteger(1);
        origin = (request, response, callback) -> answer(response, callback, 200, "v" + version.get(),
                "ETag", "\"e" + version.get() + "\"", "Cache-Control", "max-age=10");
        get("/doc");
        store.age(20);
        version.set(2);
        ContentResponse replaced = get("/doc");
        assertEquals("v2", replaced.getContentAsString());
        assertEquals("Caracal; fwd=stale; stored", cacheStatus(replaced));
        assertEquals("v2", get("/doc").getContentAsString());
        assertEquals(2, originRequests.get());
    }

    @Test
    void theClientsOwnPreconditionsAreAnsweredFromTheCache() throws Exception {
        route("r", "/");
        long modified = System.currentTimeMillis() - 3_600_000;
        origin = (request, response, callback) -> answer(response, callback, 200, "body", "ETag", "\"v1\"",
                "Last-Modified", httpDate(modified), "Cache-Control", "max-age=60");
        // A conditional miss: the origin is asked for the full response, which is stored; the client gets 304.
        ContentResponse conditionalMiss = get("/", "If-None-Match", "\"v1\"");
        assertEquals(304, conditionalMiss.getStatus());
        assertEquals("Caracal; fwd=uri-miss; fwd-status=200; stored", cacheStatus(conditionalMiss));
        assertNull(originSaw.get(0).get(HttpHeader.IF_NONE_MATCH), "the client's precondition was held back");
        await("the response stored", () -> store.responses() == 1);

        ContentResponse notModified = get("/", "If-None-Match", "W/\"v1\", \"other\"");
        assertEquals(304, notModified.getStatus(), "weak comparison");
        assertEquals(0, notModified.getContent().length);
        assertEquals("\"v1\"", notModified.getHeaders().get(HttpHeader.ETAG));
        assertTrue(cacheStatus(notModified).startsWith("Caracal; hit"));

        assertEquals(200, get("/", "If-None-Match", "\"v2\"").getStatus());
        assertEquals(304, get("/", "If-Modified-Since", httpDate(modified)).getStatus());
        assertEquals(200, get("/", "If-Modified-Since", httpDate(modified - 1000)).getStatus());
        assertEquals(1, originRequests.get());
    }

    @Test
    void headIsAnsweredFromACachedGet() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> answer(response, callback, 200, "0123456789",
                "Cache-Control", "max-age=60", "Content-Type", "text/plain");
        get("/file");
        ContentResponse head = send(HttpMethod.HEAD, "/file");
        assertEquals(200, head.getStatus());
        assertEquals(0, head.getContent().length);
        assertEquals("10", head.getHeaders().get(HttpHeader.CONTENT_LENGTH));
        assertEquals("text/plain", head.getHeaders().get(HttpHeader.CONTENT_TYPE));
        assertTrue(cacheStatus(head).startsWith("Caracal; hit"));
        assertEquals(1, originRequests.get());

        // A HEAD miss goes upstream as HEAD and stores nothing.
        ContentResponse headMiss = send(HttpMethod.HEAD, "/other");
        assertEquals("Caracal; fwd=miss; detail=method", cacheStatus(headMiss));
        assertEquals(0, store.entries.keySet().stream().filter(k -> k.contains("/other")).count());
    }

    @Test
    void anUnsafeMethodInvalidatesItsUrlAndTheSameOriginLocation() throws Exception {
        route("r", "/");
        AtomicInteger version = new AtomicInteger(1);
        origin = (request, response, callback) -> {
            if (request.getMethod().equals("POST")) {
                version.incrementAndGet();
                answer(response, callback, 201, "created", "Location", "/b",
                        "Content-Location", "http://elsewhere.example/c");
            } else if (request.getMethod().equals("DELETE")) {
                answer(response, callback, 500, "failed");
            } else {
                answer(response, callback, 200, request.getHttpURI().getPath() + " v" + version.get(),
                        "Cache-Control", "max-age=60");
            }
        };
        get("/a");
        get("/b");
        get("/c");
        assertEquals(3, originRequests.get());

        ContentResponse post = send(HttpMethod.POST, "/a");
        assertEquals(201, post.getStatus());
        assertEquals("Caracal; fwd=method", cacheStatus(post));
        assertEquals("/a v2", get("/a").getContentAsString(), "the URL itself");
        assertEquals("/b v2", get("/b").getContentAsString(), "the Location");
        assertEquals("/c v1", get("/c").getContentAsString(), "another origin's URL is not touched");

        send(HttpMethod.DELETE, "/a");
        assertTrue(cacheStatus(get("/a")).startsWith("Caracal; hit"), "an error answer invalidates nothing");
    }

    @Test
    void aSingleRangeIsServedFromACachedResponse() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> answer(response, callback, 200, "0123456789",
                "Cache-Control", "max-age=60", "ETag", "\"r1\"");
        assertEquals("0123456789", get("/bytes").getContentAsString());

        ContentResponse middle = get("/bytes", "Range", "bytes=2-5");
        assertEquals(206, middle.getStatus());
        assertEquals("2345", middle.getContentAsString());
        assertEquals("bytes 2-5/10", middle.getHeaders().get(HttpHeader.CONTENT_RANGE));
        assertEquals("4", middle.getHeaders().get(HttpHeader.CONTENT_LENGTH));
        assertTrue(cacheStatus(middle).startsWith("Caracal; hit"));

        assertEquals("789", get("/bytes", "Range", "bytes=-3").getContentAsString());
        assertEquals("789", get("/bytes", "Range", "bytes=7-").getContentAsString());
        assertEquals("89", get("/bytes", "Range", "bytes=8-100").getContentAsString());

        ContentResponse unsatisfiable = get("/bytes", "Range", "bytes=20-");
        assertEquals(416, unsatisfiable.getStatus());
        assertEquals("bytes */10", unsatisfiable.getHeaders().get(HttpHeader.CONTENT_RANGE));

        ContentResponse several = get("/bytes", "Range", "bytes=0-1, 4-5");
        assertEquals(200, several.getStatus(), "several ranges: the whole body");
        assertEquals("0123456789", several.getContentAsString());

        assertEquals(206, get("/bytes", "Range", "bytes=0-0", "If-Range", "\"r1\"").getStatus());
        ContentResponse changed = get("/bytes", "Range", "bytes=0-0", "If-Range", "\"r0\"");
        assertEquals(200, changed.getStatus(), "If-Range does not match: the whole body");
        assertEquals(1, originRequests.get());
    }

    @Test
    void cacheStatusSaysWhatTheCacheDid() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> answer(response, callback, 200, "x", "Cache-Control", "max-age=60",
                "ETag", "\"x\"");
        assertEquals("Caracal; fwd=uri-miss; stored", cacheStatus(get("/s")));
        assertTrue(cacheStatus(get("/s")).matches("Caracal; hit; ttl=\\d+"));
        ContentResponse reload = get("/s", "Cache-Control", "no-cache");
        assertEquals("Caracal; fwd=request; stored", cacheStatus(reload), "the client asked to go to the origin");
        assertEquals("\"x\"", originSaw.get(1).get(HttpHeader.IF_NONE_MATCH), "revalidated, not reloaded blindly");
        assertEquals("Caracal; fwd=request; stored", cacheStatus(get("/s", "Cache-Control", "max-age=0")));
        assertEquals("Caracal; fwd=method", cacheStatus(send(HttpMethod.PUT, "/s")));

        ContentResponse onlyIfCached = get("/nothing", "Cache-Control", "only-if-cached");
        assertEquals(504, onlyIfCached.getStatus());
        assertEquals("Caracal; detail=only-if-cached", cacheStatus(onlyIfCached));
        assertEquals(4, originRequests.get());
    }

    @Test
    void aResponseLargerThanTheBoundIsStreamedButNotStored() throws Exception {
        route("r", "/", "cache.max.object.bytes", "1000");
        String big = "x".repeat(5000);
        origin = (request, response, callback) -> {
            response.getHeaders().put("Cache-Control", "max-age=60");
            if (request.getHttpURI().getPath().equals("/chunked")) {
                // No Content-Length: the bound is only found out while streaming.
                for (int i = 0; i < 5; i++) {
                    org.eclipse.jetty.util.FutureCallback written = new org.eclipse.jetty.util.FutureCallback();
                    response.write(false, java.nio.ByteBuffer.wrap("x".repeat(1000).getBytes()), written);
                    written.get();
                }
                response.write(true, org.eclipse.jetty.util.BufferUtil.EMPTY_BUFFER, callback);
            } else {
                answer(response, callback, 200, big);
            }
        };
        ContentResponse sized = get("/sized");
        assertEquals(big, sized.getContentAsString());
        assertEquals("Caracal; fwd=miss; detail=too-large", cacheStatus(sized));
        assertEquals(big, get("/chunked").getContentAsString());
        assertEquals(big, get("/chunked").getContentAsString());
        get("/sized");
        assertEquals(4, originRequests.get());
        assertEquals(0, store.responses());
    }

    @Test
    void cacheKeyPartsSeparateEntries() throws Exception {
        route("r", "/", "cache.key", "header:X-Tenant, cookie:lang, query");
        origin = (request, response, callback) -> answer(response, callback, 200,
                request.getHeaders().get("X-Tenant") + "/" + request.getHeaders().get(HttpHeader.COOKIE),
                "Cache-Control", "max-age=60");
        assertEquals("a/lang=en", get("/", "X-Tenant", "a", "Cookie", "lang=en").getContentAsString());
        assertEquals("b/lang=en", get("/", "X-Tenant", "b", "Cookie", "lang=en").getContentAsString());
        assertEquals("a/lang=fr; x=1", get("/", "X-Tenant", "a", "Cookie", "lang=fr; x=1").getContentAsString());
        assertEquals("a/lang=en", get("/", "X-Tenant", "a", "Cookie", "x=2; lang=en").getContentAsString());
        assertEquals(3, originRequests.get());
        assertTrue(store.entries.firstKey().startsWith(CacheKey.routePrefix("r") + "http://127.0.0.1:" + proxyPort + "/ "),
                store.entries.firstKey());
    }

    @Test
    void varyAndAuthorizationAreJudgedOnTheHeadersFiltersSendUpstream() throws Exception {
        route("r", "/", "filters", "user");
        bindFilter("user", context -> {
            String token = context.request().header("X-Token");
            context.removeUpstreamHeader("X-Token");
            if ("a".equals(token)) {
                context.setUpstreamHeader("X-User", "alice");
            } else if ("b".equals(token)) {
                context.setUpstreamHeader("X-User", "bob");
            } else if ("admin".equals(token)) {
                context.setUpstreamHeader("Authorization", "Bearer admin");
            } else {
                context.removeUpstreamHeader("X-User");
            }
            return io.caracal.api.filter.FilterDecision.proceed();
        });
        origin = (request, response, callback) -> answer(response, callback, 200,
                "for " + request.getHeaders().get("X-User") + "/" + request.getHeaders().get(HttpHeader.AUTHORIZATION),
                "Cache-Control", "max-age=60", "Vary", "X-User");
        assertEquals("for alice/null", get("/me", "X-Token", "a").getContentAsString());
        assertEquals("for bob/null", get("/me", "X-Token", "b").getContentAsString(), "another user's variant");
        ContentResponse spoofed = get("/me", "X-Token", "a", "X-User", "bob");
        assertEquals("for alice/null", spoofed.getContentAsString(), "the client's own X-User does not select");
        assertTrue(cacheStatus(spoofed).startsWith("Caracal; hit"), cacheStatus(spoofed));
        assertEquals("for null/null", get("/me", "X-User", "alice").getContentAsString());
        assertEquals(3, originRequests.get());

        // Authorization added by a filter makes the request an authorized one (RFC 9111 section 3.5).
        assertEquals("Caracal; fwd=miss; detail=authorization", cacheStatus(get("/admin", "X-Token", "admin")));
        assertEquals("for null/null", get("/admin").getContentAsString());
    }

    @Test
    void bodyFiltersOnACachingRouteSeeBodiesThatStillReachTheOrigin() throws Exception {
        route("r", "/", "filters", "waf");
        List<String> seen = new CopyOnWriteArrayList<>();
        bindFilter("waf", new RequestBodyFilter() {
            @Override
            public int bodyInspectionLimit() {
                return 16;
            }

            @Override
            public FilterDecision apply(FilterContext context) {
                var body = context.requestBody();
                seen.add(body == null ? "none" : StandardCharsets.UTF_8.decode(body.content())
                        + (body.complete() ? "" : "…"));
                return FilterDecision.proceed();
            }
        });
        origin = (request, response, callback) -> {
            String body = Content.Source.asString(request);
            answer(response, callback, 200, request.getMethod() + " " + body.length() + " " + body.hashCode(),
                    "Cache-Control", "max-age=60");
        };
        String large = "field=" + "x".repeat(300_000) + "&end=1";

        ContentResponse post = client.POST("http://127.0.0.1:" + proxyPort + "/form")
                .body(new StringRequestContent(large)).timeout(10, TimeUnit.SECONDS).send();
        assertEquals("POST " + large.length() + " " + large.hashCode(), post.getContentAsString());
        assertEquals("Caracal; fwd=method", cacheStatus(post));

        ContentResponse withBody = client.newRequest("127.0.0.1", proxyPort).path("/search")
                .body(new StringRequestContent("q=cats")).timeout(10, TimeUnit.SECONDS).send();
        assertEquals("GET 6 " + "q=cats".hashCode(), withBody.getContentAsString(), "a miss forwards the body");

        assertEquals("GET 0 0", get("/page").getContentAsString());
        ContentResponse hit = get("/page");
        assertTrue(cacheStatus(hit).startsWith("Caracal; hit"), cacheStatus(hit));
        // A hit leaves the unread rest of a body behind: the proxy drops it.
        ContentResponse hitWithBody = client.newRequest("127.0.0.1", proxyPort).path("/page")
                .body(new StringRequestContent(large)).timeout(10, TimeUnit.SECONDS).send();
        assertTrue(cacheStatus(hitWithBody).startsWith("Caracal; hit"), cacheStatus(hitWithBody));
        assertEquals(List.of("field=xxxxxxxxxx…", "q=cats", "none", "none", "field=xxxxxxxxxx…"), seen);
        assertEquals(3, originRequests.get());
    }

    @Test
    void a304StoredWithTheBackgroundRefreshIsCheckedForStorability() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> {
            if (request.getHeaders().get(HttpHeader.IF_NONE_MATCH) != null) {
                answer(response, callback, 304, "", "ETag", "\"e1\"", "Cache-Control", "private, max-age=60");
            } else {
                answer(response, callback, 200, "v1", "ETag", "\"e1\"",
                        "Cache-Control", "max-age=1, stale-while-revalidate=600");
            }
        };
        get("/swr");
        store.age(10);
        assertTrue(cacheStatus(get("/swr")).startsWith("Caracal; hit; fwd=stale"));
        await("the refresh to remove the entry that became private", () -> store.responses() == 0);
    }

    @Test
    void aClientsOwnRefusalDoesNotRemoveTheSharedEntry() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> answer(response, callback, 200, "shared", "ETag", "\"s\"",
                "Cache-Control", "max-age=10");
        get("/doc");
        store.age(20);
        assertEquals("Caracal; fwd=stale; detail=request-no-store", cacheStatus(get("/doc", "Cache-Control", "no-store")));
        assertEquals(1, store.responses(), "no-store on one request keeps the stored response");
        assertEquals("Caracal; fwd=stale; detail=authorization", cacheStatus(get("/doc", "Authorization", "Bearer x")));
        assertEquals(1, store.responses(), "so do another client's credentials");
    }

    @Test
    void a304WithOtherValidatorsDoesNotRelabelTheStoredBody() throws Exception {
        route("r", "/");
        AtomicInteger version = new AtomicInteger(1);
        origin = (request, response, callback) -> {
            if (request.getHeaders().get(HttpHeader.IF_NONE_MATCH) != null) {
                // A broken or switched origin: "not modified", yet with the validator of a new version.
                answer(response, callback, 304, "", "ETag", "\"e2\"", "Cache-Control", "max-age=100");
            } else {
                answer(response, callback, 200, "v" + version.get(), "ETag", "\"e" + version.get() + "\"",
                        "Cache-Control", "max-age=10");
            }
        };
        get("/doc");
        store.age(20);
        version.set(2);
        ContentResponse refetched = get("/doc");
        assertEquals(200, refetched.getStatus());
        assertEquals("v2", refetched.getContentAsString(), "fetched again, unconditionally");
        assertEquals("\"e2\"", refetched.getHeaders().get(HttpHeader.ETAG));
        assertEquals(3, originRequests.get());
        assertNull(originSaw.get(2).get(HttpHeader.IF_NONE_MATCH));
        assertEquals("v2", get("/doc").getContentAsString());
        assertEquals(3, originRequests.get());
    }

    @Test
    void a304AddingVaryToAnEntryWithoutIsNotKeptUnderThePrimaryKey() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> {
            if (request.getHeaders().get(HttpHeader.IF_NONE_MATCH) != null) {
                answer(response, callback, 304, "", "ETag", "\"e1\"", "Cache-Control", "max-age=100",
                        "Vary", "Accept-Language");
            } else {
                answer(response, callback, 200, "en", "ETag", "\"e1\"", "Cache-Control", "max-age=10");
            }
        };
        get("/doc", "Accept-Language", "en");
        store.age(20);
        assertEquals("en", get("/doc", "Accept-Language", "en").getContentAsString());
        await("the entry removed", () -> store.responses() == 0);
        get("/doc", "Accept-Language", "de");
        assertEquals(3, originRequests.get(), "not served to another variant");
    }

    @Test
    void aSetCookieIsNotLostWhenTheClientsPreconditionHolds() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> answer(response, callback, 200, "body", "ETag", "\"v1\"",
                "Cache-Control", "max-age=60", "Set-Cookie", "session=alice");
        ContentResponse response = get("/", "If-None-Match", "\"v1\"");
        assertEquals("session=alice", response.getHeaders().get(HttpHeader.SET_COOKIE));
        assertEquals("Caracal; fwd=miss; detail=set-cookie", cacheStatus(response));
    }

    @Test
    void purgeNormalizesTheUrlPrefixLikeKeys() throws Exception {
        route("r", "/");
        origin = (request, response, callback) -> answer(response, callback, 200, "x", "Cache-Control", "max-age=60");
        get("/img/1");
        get("/img/2");
        get("/css/1");
        assertEquals(3, store.responses());
        var cache = router.snapshot().routes().get(0).cache();
        assertEquals(2L, cache.purge("HTTP://127.0.0.1:" + proxyPort + "/img/").toCompletableFuture().get());
        assertEquals(1, store.responses());
        assertEquals("http://example.com/", CacheKey.urlPrefix("http://EXAMPLE.com:80"));
        assertEquals("https://example.com/a", CacheKey.urlPrefix("HTTPS://Example.COM:443/a"));
        assertEquals("http://example.com:8080/?q", CacheKey.urlPrefix("http://example.com:8080?q"));
        assertEquals("http://exa", CacheKey.urlPrefix("http://exa"));
        assertEquals("/x", CacheKey.urlPrefix("/x"));
    }

    /** Registers, on every request, an inspector that refuses bodies mentioning a secret and counts what it saw. */
    private List<String> refusingSecrets() {
        List<String> inspected = new CopyOnWriteArrayList<>();
        ResponseInspector noSecrets = new ResponseInspector() {
            @Override
            public int bodyLimit(int status, List<java.util.Map.Entry<String, String>> headers) {
                return 1024;
            }

            @Override
            public FilterDecision inspect(ResponseView response) {
                String text = StandardCharsets.UTF_8.decode(response.body()).toString();
                inspected.add(text);
                return text.contains("secret") ? FilterDecision.reject(403, "the response leaks a secret")
                        : FilterDecision.proceed();
            }
        };
        bindFilter("waf", context -> {
            context.inspectResponse(noSecrets);
            return FilterDecision.proceed();
        });
        return inspected;
    }

    @Test
    void aResponseAFilterRefusesIsNotStoredAndAStoredOneIsNotInspectedAgain() throws Exception {
        List<String> inspected = refusingSecrets();
        route("r", "/", "filters", "waf");
        AtomicReference<String> content = new AtomicReference<>("the secret is 42");
        origin = (request, response, callback) -> answer(response, callback, 200, content.get(),
                "Cache-Control", "max-age=60");

        ContentResponse refused = get("/doc");
        assertEquals(403, refused.getStatus());
        assertEquals("403 Forbidden: the response leaks a secret\n", refused.getContentAsString());
        assertTrue(cacheStatus(refused).startsWith("Caracal; fwd=uri-miss"), cacheStatus(refused));
        assertEquals(403, get("/doc").getStatus());
        assertEquals(2, originRequests.get(), "nothing was stored to answer from");
        assertEquals(0, store.responses());

        content.set("public");
        assertEquals("public", get("/doc").getContentAsString());
        assertEquals(1, store.responses());
        ContentResponse hit = get("/doc");
        assertEquals("public", hit.getContentAsString());
        assertTrue(cacheStatus(hit).startsWith("Caracal; hit"), cacheStatus(hit));
        assertEquals(3, originRequests.get());
        assertEquals(List.of("the secret is 42", "the secret is 42", "public"), inspected,
                "the stored response is not inspected again");
    }

    @Test
    void aBackgroundRefreshAFilterRefusesIsNotStored() throws Exception {
        List<String> inspected = refusingSecrets();
        route("r", "/", "filters", "waf");
        AtomicReference<String> content = new AtomicReference<>("v1");
        origin = (request, response, callback) -> answer(response, callback, 200, content.get(),
                "Cache-Control", "max-age=1, stale-while-revalidate=600");
        assertEquals("v1", get("/swr").getContentAsString());
        assertEquals(1, store.puts.size());
        store.puts.clear();
        store.age(10);

        content.set("the secret is 42");
        assertTrue(cacheStatus(get("/swr")).startsWith("Caracal; hit; fwd=stale"));
        await("the refresh to be inspected", () -> inspected.size() == 2);

        // A refresh runs once at a time: the next one that is stored comes after the refused one ended.
        content.set("v3");
        await("a refresh to be stored", () -> {
            try {
                get("/swr");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return !store.puts.isEmpty();
        });
        assertEquals(1, store.puts.size(), "only the refresh that was let through is stored");
        assertEquals("v3", get("/swr").getContentAsString());
        assertEquals("the secret is 42", inspected.get(1));
        assertEquals(0, router.snapshot().routes().get(0).filters().get(0).stats().rejected(),
                "no client got the refusal");
    }

    @Test
    void anUnsafeMethodsRefusedAnswerStillInvalidates() throws Exception {
        refusingSecrets();
        route("r", "/", "filters", "waf");
        origin = (request, response, callback) -> answer(response, callback, 200,
                HttpMethod.GET.is(request.getMethod()) ? "public" : "secret receipt", "Cache-Control", "max-age=60");
        assertEquals("public", get("/doc").getContentAsString());
        assertEquals(1, store.responses());

        ContentResponse refused = send(HttpMethod.POST, "/doc");
        assertEquals(403, refused.getStatus());
        assertEquals("Caracal; fwd=method", cacheStatus(refused));
        assertEquals(0, store.responses(), "the upstream acted on the POST: what it stored for the URL is stale");
    }
}
