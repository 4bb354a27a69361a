package io.caracal.balancer.hash.internal;

import static io.caracal.balancer.hash.internal.Fixtures.cluster;
import static io.caracal.balancer.hash.internal.Fixtures.request;
import static io.caracal.balancer.hash.internal.Fixtures.upstreams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.upstream.Upstream;
import io.caracal.balancer.hash.internal.Fixtures.Request;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KeySourceTest {

    private static long hashOf(String key) {
        return XxHash64.hash(key, 0);
    }

    private static KeySource source(String option) {
        return KeySource.fromOptions(Map.of("key", option));
    }

    @Test
    void clientAddressIsTheDefault() {
        KeySource source = KeySource.fromOptions(Map.of());
        assertSame(KeySource.CLIENT_IP, source);
        assertEquals(hashOf("192.0.2.7"), source.hash(request("192.0.2.7").header("X-User", "bob").path("/a")));
        assertEquals(source.hash(request("192.0.2.7").path("/a")), source.hash(request("192.0.2.7").path("/b")));
        assertNotEquals(source.hash(request("192.0.2.7")), source.hash(request("192.0.2.8")));
        assertSame(KeySource.CLIENT_IP, source(" ip "));
    }

    @Test
    void headerKeysByItsFirstValueAndFallsBackToTheClientAddress() {
        KeySource source = source("header:X-User");
        assertEquals(hashOf("bob"), source.hash(request("192.0.2.7").header("X-User", "bob")));
        assertEquals(hashOf("bob"), source.hash(request("192.0.2.8").header("x-user", "bob").header("X-User", "eve")));
        assertEquals(hashOf("192.0.2.7"), source.hash(request("192.0.2.7")), "absent: the client address");
        assertEquals(hashOf("192.0.2.7"), source.hash(request("192.0.2.7").header("X-User", "")), "empty: the client address");
        assertEquals(hashOf("192.0.2.7"), source.hash(request("192.0.2.7").header("X-Other", "bob")));
    }

    @Test
    void cookieIsParsedFromTheCookieHeaders() {
        KeySource source = source("cookie:session");
        assertEquals(hashOf("abc"), source.hash(request("192.0.2.1").header("Cookie", "session=abc")));
        assertEquals(hashOf("abc"), source.hash(request("192.0.2.1").header("Cookie", "theme=dark; session=abc; lang=en")));
        assertEquals(hashOf("abc"), source.hash(request("192.0.2.1").header("Cookie", "theme=dark;session = abc ;lang=en")));
        assertEquals(hashOf("abc"), source.hash(request("192.0.2.1").header("Cookie", "session=\"abc\"")), "quoted");
        assertEquals(hashOf("a=b"), source.hash(request("192.0.2.1").header("Cookie", "session=a=b; x=y")), "'=' in the value");
        assertEquals(hashOf("abc"), source.hash(request("192.0.2.1").header("Cookie", "sessionid=zzz; session=abc")),
                "a longer name with the same prefix is another cookie");
        assertEquals(hashOf("abc"), source.hash(request("192.0.2.1").header("Cookie", "Session=zzz; session=abc")),
                "names are case-sensitive");
        assertEquals(hashOf("abc"), source.hash(request("192.0.2.1").header("Cookie", "flag; session=abc")),
                "a pair without '=' is skipped");
        assertEquals(hashOf("abc"), source.hash(request("192.0.2.1").header("Cookie", "session=abc; session=def")),
                "the first one wins");
        assertEquals(hashOf("abc"), source.hash(request("192.0.2.1").header("Cookie", "a=1").header("Cookie", "session=abc")),
                "several Cookie headers (HTTP/2)");
        assertEquals(hashOf("abc"), source.hash(request("192.0.2.1").header("Cookie", "a=1;").header("Cookie", " session=abc;")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "theme=dark", "session=", "session=\"\"", "session", "sessionid=abc", "; ;", "=abc"})
    void withoutTheCookieTheClientAddressIsUsed(String cookie) {
        KeySource source = source("cookie:session");
        assertEquals(hashOf("192.0.2.1"), source.hash(request("192.0.2.1").header("Cookie", cookie)), cookie);
        assertEquals(hashOf("192.0.2.1"), source.hash(request("192.0.2.1")));
    }

    @Test
    void pathIgnoresTheQueryAndPathPlusQueryDoesNot() {
        KeySource path = source("path");
        KeySource pathQuery = source("path+query");
        Request plain = request("192.0.2.1").path("/a/b");
        Request withQuery = request("192.0.2.2").path("/a/b").query("x=1");
        Request otherQuery = request("192.0.2.2").path("/a/b").query("x=2");
        assertEquals(hashOf("/a/b"), path.hash(plain));
        assertEquals(path.hash(plain), path.hash(withQuery));
        assertNotEquals(path.hash(plain), path.hash(request("192.0.2.1").path("/a/c")));
        assertEquals(path.hash(plain), pathQuery.hash(plain), "no query: as with key=path");
        assertNotEquals(pathQuery.hash(plain), pathQuery.hash(withQuery));
        assertNotEquals(pathQuery.hash(withQuery), pathQuery.hash(otherQuery));
        assertEquals(pathQuery.hash(withQuery), pathQuery.hash(request("198.51.100.1").path("/a/b").query("x=1")));
        assertNotEquals(pathQuery.hash(plain), pathQuery.hash(request("192.0.2.1").path("/a/b").query("")),
                "an empty query is still a query");
    }

    @Test
    void eachKeySourceDrivesThePick() {
        List<Upstream> upstreams = upstreams(5);
        Map<String, Request[]> sameKey = new LinkedHashMap<>();
        sameKey.put("ip", new Request[] {request("192.0.2.5").path("/1"), request("192.0.2.5").path("/2").header("X-User", "x")});
        sameKey.put("header:X-User", new Request[] {request("192.0.2.1").header("X-User", "bob"), request("192.0.2.2").header("X-User", "bob")});
        sameKey.put("cookie:sid", new Request[] {request("192.0.2.1").header("Cookie", "sid=42"), request("192.0.2.2").header("Cookie", "a=b; sid=42")});
        sameKey.put("path", new Request[] {request("192.0.2.1").path("/img/1.png"), request("192.0.2.2").path("/img/1.png").query("v=2")});
        sameKey.put("path+query", new Request[] {request("192.0.2.1").path("/s").query("q=x"), request("192.0.2.2").path("/s").query("q=x")});
        for (Map.Entry<String, Request[]> entry : sameKey.entrySet()) {
            Balancer balancer = new ConsistentHashStrategy().create(cluster(upstreams), Map.of("key", entry.getKey()));
            assertSame(balancer.pick(entry.getValue()[0], upstreams), balancer.pick(entry.getValue()[1], upstreams), entry.getKey());
        }
        // Different keys reach every upstream.
        Balancer byHeader = new ConsistentHashStrategy().create(cluster(upstreams), Map.of("key", "header:X-User"));
        Set<String> reached = new HashSet<>();
        for (int user = 0; user < 200; user++) {
            reached.add(byHeader.pick(request("192.0.2.1").header("X-User", "user-" + user), upstreams).id());
        }
        assertEquals(5, reached.size(), "reached " + reached);
    }

    @Test
    void aRequestWithoutTheHeaderGoesWhereItsClientAddressGoes() {
        List<Upstream> upstreams = upstreams(5);
        Balancer byHeader = new ConsistentHashStrategy().create(cluster(upstreams), Map.of("key", "header:X-User"));
        Balancer byIp = new ConsistentHashStrategy().create(cluster(upstreams), Map.of());
        for (int client = 0; client < 100; client++) {
            Request request = request("10.1.0." + client);
            assertSame(byIp.pick(request, upstreams), byHeader.pick(request, upstreams), "client " + client);
        }
    }

    @Test
    void optionValuesAreCaseInsensitiveButNamesAreKept() {
        assertEquals("key=header:X-User", source("Header:X-User").toString());
        assertEquals("key=cookie:SID", source("COOKIE: SID").toString());
        assertEquals("key=path+query", source("Path+Query").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"keys", "points", "hash", ""})
    void unknownOptionsAreRejectedByName(String option) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConsistentHashStrategy().create(cluster(upstreams(2)), Map.of(option, "ip")));
        assertTrue(e.getMessage().contains("'" + option + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ip4", "client", "header", "header:", "header: ", "header:X User", "header:X-User;",
            "cookie:", "cookie:a=b", "cookie:a;b", "query", "path+", "path+query+x", "url"})
    void badKeyValuesAreRejectedNamingTheOption(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConsistentHashStrategy().create(cluster(upstreams(2)), Map.of("key", value)));
        assertTrue(e.getMessage().startsWith("option 'key'"), e.getMessage());
    }
}
