package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The access-control and rate-limit filter bundles in the running distribution, configured by
 * files, over real HTTP. Clients with other IPs are played from other loopback source addresses:
 * 127.0.0.2 is the listener's trusted proxy, 127.0.0.3 an untrusted client.
 */
class AccessControlIT {

    private static final String TRUSTED_PROXY = "127.0.0.2";
    private static final String UNTRUSTED_CLIENT = "127.0.0.3";
    private static final String ISSUER = "https://issuer.test";
    private static final String AUDIENCE = "caracal-api";

    private static TestOrigin origin;
    private static CaracalProcess caracal;
    private static byte[] jwtSecret;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start("guarded");
        caracal = CaracalProcess.create("access-control");
        Path secrets = Files.createDirectories(caracal.home().resolve("conf/secrets"));

        jwtSecret = new byte[32];
        new SecureRandom().nextBytes(jwtSecret);
        Path secretFile = Files.write(secrets.resolve("jwt.key"), jwtSecret);
        Path users = Files.writeString(secrets.resolve("users.htpasswd"), "# staff\n"
                + "alice:" + OpenBSDBCrypt.generate("2y", "wonderland".toCharArray(), salt(), 6) + "\n");

        caracal.updateConfig(CaracalProcess.LISTENER_CFG, Map.of("trusted.proxies", TRUSTED_PROXY));
        caracal.writeConfig("io.caracal.cluster-echo.cfg", "name = echo", "upstreams = " + origin.url());
        caracal.writeConfig("io.caracal.filter.ipaccess-office.cfg", "name = office",
                "allow = 127.0.0.1, 10.1.0.0/16, 2001:db8::/32", "deny = 10.1.99.0/24");
        caracal.writeConfig("io.caracal.filter.basicauth-staff.cfg", "name = staff", "realm = Staff",
                "users.file = " + users);
        caracal.writeConfig("io.caracal.filter.jwt-api.cfg", "name = api-jwt", "secret.file = " + secretFile,
                "issuer = " + ISSUER, "audience = " + AUDIENCE, "claims.headers = sub=X-User");
        caracal.writeConfig("io.caracal.filter.ratelimit-per-ip.cfg", "name = per-ip", "key = ip",
                "requests = 1", "period.s = 3600", "burst = 20");
        caracal.writeConfig("io.caracal.filter.ratelimit-small.cfg", "name = small", "key = ip",
                "requests = 1", "period.s = 3600", "burst = 2");
        caracal.writeConfig("io.caracal.filter.ratelimit-per-user.cfg", "name = per-user", "key = claim:sub",
                "requests = 1", "period.s = 3600", "burst = 3");
        route("office", "/office/", "office");
        route("staff", "/staff/", "staff");
        route("api", "/api/", "api-jwt, per-user");
        route("limited", "/limited/", "per-ip");
        route("small", "/small/", "small");
        route("broken", "/broken/", "broken");
        caracal.start();
        caracal.awaitServing("/");
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "the filter routes to serve",
                () -> Http.get(caracal.url("/office/echo")).statusCode(), status -> status == 200);
    }

    private static void route(String name, String prefix, String filters) {
        caracal.writeConfig("io.caracal.route-" + name + ".cfg", "name = " + name, "path.prefix = " + prefix,
                "cluster = echo", "filters = " + filters);
    }

    private static byte[] salt() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return salt;
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

    /** A GET sent from {@code source}, optionally with an X-Forwarded-For header. */
    private static Http.RawResponse getFrom(String source, String path, String forwardedFor) throws Exception {
        String head = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close"
                + (forwardedFor == null ? "" : "\r\nX-Forwarded-For: " + forwardedFor);
        return Http.raw(source, caracal.listenerPort(), head, new byte[0]);
    }

    @Test
    void ipAccessAllowsAndDeniesByClientAddressAndTrustsXForwardedForOnlyFromTrustedProxies() throws Exception {
        assertEquals(200, Http.get(caracal.url("/office/echo")).statusCode(), "127.0.0.1 is allowed");

        assertEquals(200, getFrom(TRUSTED_PROXY, "/office/echo", "10.1.2.3").status(),
                "the trusted proxy forwards an allowed client");
        assertEquals(200, getFrom(TRUSTED_PROXY, "/office/echo", "2001:db8::5").status(), "IPv6 rules apply");
        Http.RawResponse deniedRange = getFrom(TRUSTED_PROXY, "/office/echo", "10.1.99.7");
        assertEquals(403, deniedRange.status(), "deny wins over allow");
        assertTrue(deniedRange.bodyText().contains("10.1.99.7"), deniedRange.bodyText());
        assertEquals(403, getFrom(TRUSTED_PROXY, "/office/echo", "192.0.2.1").status(), "not in the allow list");
        // The right-most untrusted address counts: a client cannot hide behind a forged left part.
        assertEquals(403, getFrom(TRUSTED_PROXY, "/office/echo", "10.1.2.3, 192.0.2.1").status());

        Http.RawResponse spoofed = getFrom(UNTRUSTED_CLIENT, "/office/echo", "10.1.2.3");
        assertEquals(403, spoofed.status(), "X-Forwarded-For from an untrusted peer is ignored");
        assertTrue(spoofed.bodyText().contains(UNTRUSTED_CLIENT), spoofed.bodyText());
    }

    @Test
    void basicAuthChecksBcryptPasswordsAndPassesTheUserNotTheCredentialsUpstream() throws Exception {
        int before = origin.requests();
        HttpResponse<String> missing = Http.get(caracal.url("/staff/echo"));
        assertEquals(401, missing.statusCode());
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"Staff\""),
                missing.headers().map().toString());
        assertEquals(401, Http.get(caracal.url("/staff/echo"), "Authorization", Http.basicAuth("alice", "nope")).statusCode());
        assertEquals(401, Http.get(caracal.url("/staff/echo"), "Authorization", Http.basicAuth("bob", "wonderland")).statusCode());
        assertEquals(401, Http.get(caracal.url("/staff/echo"), "Authorization", "Basic !!!").statusCode());
        assertEquals(before, origin.requests(), "rejected requests never reach the origin");

        HttpResponse<String> ok = Http.get(caracal.url("/staff/echo"), "Authorization",
                Http.basicAuth("alice", "wonderland"), "X-Authenticated-User", "admin");
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("x-authenticated-user: alice\n"), ok.body());
        assertFalse(ok.body().contains("x-authenticated-user: admin"), "a forged identity header is replaced");
        assertFalse(ok.body().contains("authorization:"), "the password does not travel upstream");
    }

    @Test
    void jwtAcceptsOnlyValidTokensForThisAudienceAndIssuer() throws Exception {
        int before = origin.requests();
        HttpResponse<String> missing = Http.get(caracal.url("/api/echo"));
        assertEquals(401, missing.statusCode());
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));

        long now = System.currentTimeMillis();
        Map<String, String> rejected = Map.of(
                "expired", hs256(claims("carol").expirationTime(new Date(now - 600_000)).build(), jwtSecret),
                "wrong audience", hs256(claims("carol").audience("someone-else").build(), jwtSecret),
                "wrong issuer", hs256(claims("carol").issuer("https://evil.test").build(), jwtSecret),
                "not yet valid", hs256(claims("carol").notBeforeTime(new Date(now + 600_000)).build(), jwtSecret),
                "bad signature", hs256(claims("carol").build(), "another secret that is 32 bytes long!".getBytes(StandardCharsets.UTF_8)),
                "alg none", unsigned(claims("carol").build()),
                "garbage", "not.a.token");
        for (Map.Entry<String, String> token : rejected.entrySet()) {
            HttpResponse<String> response = Http.get(caracal.url("/api/echo"), "Authorization", "Bearer " + token.getValue());
            assertEquals(401, response.statusCode(), token.getKey() + ": " + response.body());
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"),
                    token.getKey() + ": " + response.headers().map());
        }
        assertEquals(before, origin.requests(), "rejected requests never reach the origin");

        HttpResponse<String> ok = Http.get(caracal.url("/api/echo"), "Authorization",
                "Bearer " + hs256(claims("dave").build(), jwtSecret), "X-User", "root");
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("x-user: dave\n"), ok.body());
        assertFalse(ok.body().contains("x-user: root"), "a forged claim header is removed");
    }

    @Test
    void rateLimitAdmitsExactlyTheBurstToConcurrentClients() throws Exception {
        int requests = 60;
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                futures.add(pool.submit((Callable<HttpResponse<String>>) () -> Http.get(caracal.url("/limited/echo"))));
            }
            int allowed = 0;
            int limited = 0;
            for (Future<HttpResponse<String>> future : futures) {
                HttpResponse<String> response = future.get(30, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    allowed++;
                    assertNotNull(response.headers().firstValue("RateLimit-Remaining").orElse(null));
                } else {
                    assertEquals(429, response.statusCode(), response.body());
                    limited++;
                    assertTrue(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow()) >= 1);
                    assertEquals("20", response.headers().firstValue("RateLimit-Limit").orElseThrow());
                    assertEquals("0", response.headers().firstValue("RateLimit-Remaining").orElseThrow());
                }
            }
            // One token refills every hour: the burst is all there is.
            assertTrue(Math.abs(allowed - 20) <= 1, "allowed " + allowed + " of " + requests);
            assertEquals(requests, allowed + limited);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rateLimitsKeepOneBucketPerClientBehindATrustedProxy() throws Exception {
        assertEquals(200, getFrom(TRUSTED_PROXY, "/small/echo", "198.51.100.1").status());
        assertEquals(200, getFrom(TRUSTED_PROXY, "/small/echo", "198.51.100.1").status());
        Http.RawResponse third = getFrom(TRUSTED_PROXY, "/small/echo", "198.51.100.1");
        assertEquals(429, third.status());
        assertNotNull(third.header("Retry-After"));
        assertEquals(200, getFrom(TRUSTED_PROXY, "/small/echo", "198.51.100.2").status(), "another client has its own bucket");
    }

    @Test
    void aRateLimitCanKeyOnTheAuthenticatedUser() throws Exception {
        String alice = "Bearer " + hs256(claims("alice").build(), jwtSecret);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, Http.get(caracal.url("/api/echo"), "Authorization", alice).statusCode());
        }
        assertEquals(429, Http.get(caracal.url("/api/echo"), "Authorization", alice).statusCode());
        assertEquals(200, Http.get(caracal.url("/api/echo"), "Authorization",
                "Bearer " + hs256(claims("bob").build(), jwtSecret)).statusCode(), "bob has his own bucket");
    }

    @Test
    void aRouteWhoseFilterIsMissingOrBrokenFailsClosed() throws Exception {
        HttpResponse<String> missing = Http.get(caracal.url("/broken/echo"));
        assertEquals(503, missing.statusCode());
        assertTrue(missing.body().contains("filter 'broken'"), missing.body());

        Path file = caracal.writeConfig("io.caracal.filter.ratelimit-broken.cfg", "name = broken", "requests = 0");
        caracal.awaitLogLine(file.getFileName().toString(), "requests");
        assertEquals(503, Http.get(caracal.url("/broken/echo")).statusCode(), "an invalid filter is not registered");

        caracal.writeConfig("io.caracal.filter.ratelimit-broken.cfg", "name = broken", "requests = 100");
        Poll.until(CaracalProcess.CHANGE_TIMEOUT, "the fixed filter to be used",
                () -> Http.get(caracal.url("/broken/echo")).statusCode(), status -> status == 200);
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(new Date(System.currentTimeMillis() + 600_000));
    }

    private static String hs256(JWTClaimsSet claims, byte[] secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    /** The classic forgery: a token that says it needs no signature. */
    private static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
