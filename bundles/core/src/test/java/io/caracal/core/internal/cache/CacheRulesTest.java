package io.caracal.core.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.caracal.core.internal.config.CacheSpec;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** The cache's HTTP rules as plain functions. */
class CacheRulesTest {

    private static HttpFields fields(String... nameValues) {
        HttpFields.Mutable fields = HttpFields.build();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.add(nameValues[i], nameValues[i + 1]);
        }
        return fields;
    }

    @Test
    void cacheControlDirectives() {
        CacheControl control = CacheControl.of(fields("Cache-Control", "Public, MAX-AGE=60, no-cache=\"Set-Cookie, X\"",
                "Cache-Control", "max-age=5, s-maxage=\"30\", max-stale"));
        assertTrue(control.has("public"));
        assertEquals(60, control.seconds("max-age"), "the first occurrence counts");
        assertEquals(30, control.seconds("s-maxage"), "quoted arguments are accepted");
        assertTrue(control.has("no-cache"), "a qualified no-cache is taken as unqualified");
        assertTrue(control.hasNoArgument("max-stale"));
        assertEquals(-1, control.seconds("min-fresh"));
        assertEquals(0, CacheControl.parse("max-age=soon").seconds("max-age"), "invalid: stale");
        assertEquals(CacheControl.MAX_DELTA_SECONDS, CacheControl.parse("max-age=99999999999999999999").seconds("max-age"));
        assertTrue(CacheControl.ofRequest(fields("Pragma", "no-cache")).has("no-cache"));
        assertFalse(CacheControl.ofRequest(fields("Pragma", "no-cache", "Cache-Control", "max-age=5")).has("no-cache"));
    }

    @Test
    void ageAndLifetime() {
        long received = 1_000_000_000_000L;
        HttpFields headers = fields("Date", HttpDates.format(received - 5_000), "Age", "3");
        // Apparent age 5 s beats Age 3 s plus a 1 s delay; then 10 s in the store.
        assertEquals(15, Freshness.age(headers, received - 1_000, received, received + 10_000));
        HttpFields withAge = fields("Date", HttpDates.format(received), "Age", "30");
        assertEquals(31, Freshness.age(withAge, received - 1_000, received, received));

        long modified = received - 1_000_000_000L;
        HttpFields heuristic = fields("Date", HttpDates.format(received), "Last-Modified", HttpDates.format(modified));
        assertEquals(100_000, Freshness.lifetime(200, heuristic, CacheControl.NONE, received, 1_000_000));
        assertEquals(600, Freshness.lifetime(200, heuristic, CacheControl.NONE, received, 600));
        assertEquals(0, Freshness.lifetime(201, heuristic, CacheControl.NONE, received, 600), "not heuristically cacheable");
        assertEquals(600, Freshness.lifetime(201, heuristic, CacheControl.parse("public"), received, 600));
        HttpFields expires = fields("Date", HttpDates.format(received), "Expires", "0");
        assertEquals(0, Freshness.lifetime(200, expires, CacheControl.NONE, received, 600), "invalid Expires: expired");
    }

    @Test
    void preconditions() {
        HttpFields stored = fields("ETag", "\"a\"", "Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT");
        assertTrue(Conditionals.notModified(fields("If-None-Match", "\"x\", W/\"a\""), 200, stored, 0));
        assertTrue(Conditionals.notModified(fields("If-None-Match", "*"), 200, stored, 0));
        assertFalse(Conditionals.notModified(fields("If-None-Match", "\"a\""), 404, stored, 0), "2xx only");
        assertFalse(Conditionals.notModified(fields("If-None-Match", "\"b\"",
                "If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"), 200, stored, 0), "If-None-Match decides alone");
        assertTrue(Conditionals.notModified(fields("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"), 200, stored, 0));
        assertTrue(Conditionals.ifRangeHolds(fields("If-Range", "\"a\""), stored));
        assertFalse(Conditionals.ifRangeHolds(fields("If-Range", "W/\"a\""), stored), "strong comparison");
        assertTrue(Conditionals.ifRangeHolds(fields("If-Range", "Sun, 06 Nov 1994 08:49:37 GMT"), stored));
        assertEquals(List.of("\"a,b\"", "W/\"c\""), Conditionals.entityTags("\"a,b\", W/\"c\""));
    }

    @Test
    void byteRanges() {
        assertEquals(new RangeRequest(2, 5), RangeRequest.parse("bytes=2-5", 10));
        assertEquals(new RangeRequest(7, 9), RangeRequest.parse("bytes=-3", 10));
        assertEquals(new RangeRequest(0, 9), RangeRequest.parse("bytes=-30", 10));
        assertEquals(new RangeRequest(4, 9), RangeRequest.parse("Bytes = 4-", 10));
        assertEquals(RangeRequest.UNSATISFIABLE, RangeRequest.parse("bytes=10-", 10));
        assertEquals(RangeRequest.UNSATISFIABLE, RangeRequest.parse("bytes=-0", 10));
        assertNull(RangeRequest.parse("bytes=5-2", 10), "invalid: ignored");
        assertNull(RangeRequest.parse("bytes=0-1,3-4", 10), "several: the whole body");
        assertNull(RangeRequest.parse("items=0-1", 10));
    }

    @Test
    void keysKeepPartsApartAndPrefixesPurgeable() {
        String url = CacheKey.url("HTTP", "Example.COM", 80, "/a b?q=1");
        assertEquals("http://example.com/a%20b?q=1", url);
        assertEquals("https://h:8443/", CacheKey.url("https", "h", 8443, "/"));
        assertEquals("my%20route ", CacheKey.routePrefix("my route"));
        List<CacheSpec.KeyPart> parts = List.of(new CacheSpec.KeyPart(false, "x-tenant"), new CacheSpec.KeyPart(true, "lang"));
        assertEquals("r http://h/ h:x-tenant=a%26b&c:lang",
                CacheKey.primary("r", "http://h/", parts, fields("X-Tenant", "a&b")));
        assertEquals("accept-encoding=gzip&accept-language",
                Vary.of(fields("Vary", "Accept-Language", "Vary", "accept-encoding")).values(fields("Accept-Encoding", "GZIP")));
        assertTrue(Vary.of(fields("Vary", "Accept, *")).any());
    }
}
