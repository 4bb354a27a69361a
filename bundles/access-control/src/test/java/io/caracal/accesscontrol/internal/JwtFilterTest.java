package io.caracal.accesscontrol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.caracal.api.config.ConfigException;
import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;
import io.caracal.api.testing.FakeFilterContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtFilterTest {

    private static KeyPair rsa;
    private static ECKey ec;
    private static ECKey otherEc;

    @TempDir
    Path home;

    private final byte[] secret = new byte[32];

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").keyUse(KeyUse.SIGNATURE).generate();
        otherEc = new ECKeyGenerator(Curve.P_256).keyID("ec-2").generate();
    }

    @BeforeEach
    void writeKeys() throws Exception {
        new SecureRandom().nextBytes(secret);
        secret[secret.length - 1] = 'x'; // no accidental trailing line break
        Files.write(home.resolve("secret.bin"), secret);
        Files.writeString(home.resolve("rsa.pem"), pem("PUBLIC KEY", rsa.getPublic().getEncoded()));
        Files.writeString(home.resolve("keys.jwks"), new JWKSet(List.of(ec.toPublicJWK(), otherEc.toPublicJWK())).toString());
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private RequestFilter filter(String... keysAndValues) {
        return build(keysAndValues).filter();
    }

    private BuiltFilter build(String... keysAndValues) {
        return JwtFilter.build(TestSettings.settings(home, keysAndValues));
    }

    private static JWTClaimsSet.Builder claims() {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().subject("alice").issuer("https://issuer.example")
                .audience("api").expirationTime(new Date(now + 600_000)).issueTime(new Date(now));
    }

    private static String sign(JWSAlgorithm algorithm, JWSSigner signer, JWTClaimsSet claims, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private String hs256(JWTClaimsSet claims) throws Exception {
        return sign(JWSAlgorithm.HS256, new MACSigner(secret), claims, null);
    }

    private static FakeFilterContext bearer(String token) {
        return new FakeFilterContext().header("Authorization", "Bearer " + token);
    }

    private static void assertInvalid(FilterDecision decision, String reason) {
        assertFalse(decision.allowed());
        assertEquals(401, decision.status());
        assertEquals(reason, decision.reason());
        assertEquals(List.of(Map.entry("WWW-Authenticate",
                "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"")), decision.headers());
    }

    @Test
    void validHs256TokenPassesWithItsClaims() throws Exception {
        FakeFilterContext context = bearer(hs256(claims().claim("roles", List.of("admin", "ops")).build()));
        assertTrue(filter("name", "api-jwt", "secret.file", "secret.bin").apply(context).allowed());
        @SuppressWarnings("unchecked")
        Map<String, Object> identity = (Map<String, Object>) context.attributes().get(FilterContext.IDENTITY_CLAIMS);
        assertEquals("alice", identity.get("sub"));
        assertEquals("https://issuer.example", identity.get("iss"));
        assertEquals(List.of("admin", "ops"), identity.get("roles"));
        assertTrue(identity.get("exp") instanceof Number, "exp in epoch seconds");
    }

    @Test
    void aVerifiedTokenIsTrustedAgainButATamperedCopyIsNot() throws Exception {
        RequestFilter filter = filter("name", "api-jwt", "secret.file", "secret.bin");
        String token = hs256(claims().build());
        assertTrue(filter.apply(bearer(token)).allowed());
        assertTrue(filter.apply(bearer(token)).allowed(), "the second time from the verified-token cache");
        // Same header and signature, other claims: a different text, so it is verified afresh.
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims().subject("mallory").build().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[2];
        assertFalse(filter.apply(bearer(forged)).allowed());
    }

    @Test
    void validRs256TokenFromPemPublicKey() throws Exception {
        String token = sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()), claims().build(), "some-kid-we-never-saw");
        assertTrue(filter("name", "rsa", "public.key.file", "rsa.pem", "issuer", "https://issuer.example", "audience", "other, api")
                .apply(bearer(token)).allowed());
        String ps = sign(JWSAlgorithm.PS256, new RSASSASigner(rsa.getPrivate()), claims().build(), null);
        assertTrue(filter("name", "rsa", "public.key.file", "rsa.pem").apply(bearer(ps)).allowed());
    }

    @Test
    void pkcs1RsaPublicKeyIsRead() throws Exception {
        // SubjectPublicKeyInfo DER minus its header is the PKCS#1 RSAPublicKey.
        byte[] spki = rsa.getPublic().getEncoded();
        byte[] pkcs1 = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes();
        Files.writeString(home.resolve("rsa1.pem"), pem("RSA PUBLIC KEY", pkcs1));
        String token = sign(JWSAlgorithm.RS512, new RSASSASigner(rsa.getPrivate()), claims().build(), null);
        assertTrue(filter("name", "rsa", "public.key.file", "rsa1.pem").apply(bearer(token)).allowed());
    }

    @Test
    void validRs256TokenFromCertificate() throws Exception {
        Files.writeString(home.resolve("cert.pem"), pem("CERTIFICATE", selfSignedCertificate(rsa)) + pem("CERTIFICATE", new byte[] { 1 }));
        String token = sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()), claims().build(), null);
        assertTrue(filter("name", "cert", "public.key.file", "cert.pem").apply(bearer(token)).allowed());
    }

    /** A minimal self-signed X.509 certificate, built with Bouncy Castle's ASN.1 classes and signed by the JDK. */
    private static byte[] selfSignedCertificate(KeyPair keys) throws Exception {
        org.bouncycastle.asn1.x509.AlgorithmIdentifier sha256WithRsa = new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.sha256WithRSAEncryption, org.bouncycastle.asn1.DERNull.INSTANCE);
        org.bouncycastle.asn1.x509.V3TBSCertificateGenerator tbs = new org.bouncycastle.asn1.x509.V3TBSCertificateGenerator();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=issuer.example");
        tbs.setSerialNumber(new org.bouncycastle.asn1.ASN1Integer(1));
        tbs.setSignature(sha256WithRsa);
        tbs.setIssuer(name);
        tbs.setSubject(name);
        tbs.setStartDate(new org.bouncycastle.asn1.x509.Time(new Date(System.currentTimeMillis() - 60_000)));
        tbs.setEndDate(new org.bouncycastle.asn1.x509.Time(new Date(System.currentTimeMillis() + 86_400_000)));
        tbs.setSubjectPublicKeyInfo(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        org.bouncycastle.asn1.x509.TBSCertificate certificate = tbs.generateTBSCertificate();
        java.security.Signature signature = java.security.Signature.getInstance("SHA256withRSA");
        signature.initSign(keys.getPrivate());
        signature.update(certificate.getEncoded("DER"));
        return new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] { certificate, sha256WithRsa,
                new org.bouncycastle.asn1.DERBitString(signature.sign()) }).getEncoded("DER");
    }

    @Test
    void validEs256TokenFromJwksChosenByKid() throws Exception {
        RequestFilter filter = filter("name", "ec", "jwks.file", "keys.jwks");
        assertTrue(filter.apply(bearer(sign(JWSAlgorithm.ES256, new ECDSASigner(ec), claims().build(), "ec-1"))).allowed());
        assertTrue(filter.apply(bearer(sign(JWSAlgorithm.ES256, new ECDSASigner(otherEc), claims().build(), "ec-2"))).allowed());
        // Signed by ec-2 but claiming ec-1: the kid picks ec-1, whose check fails.
        assertInvalid(filter.apply(bearer(sign(JWSAlgorithm.ES256, new ECDSASigner(otherEc), claims().build(), "ec-1"))),
                "invalid signature");
        assertInvalid(filter.apply(bearer(sign(JWSAlgorithm.ES256, new ECDSASigner(ec), claims().build(), "unknown"))),
                "no key matches the token");
    }

    @Test
    void validEs256TokenFromPemEcKey() throws Exception {
        Files.writeString(home.resolve("ec.pem"), pem("PUBLIC KEY", ec.toECPublicKey().getEncoded()));
        String token = sign(JWSAlgorithm.ES256, new ECDSASigner(ec), claims().build(), null);
        assertTrue(filter("name", "ec", "public.key.file", "ec.pem").apply(bearer(token)).allowed());
    }

    @Test
    void expiredTokenIsRejected() throws Exception {
        long now = System.currentTimeMillis();
        String token = hs256(claims().expirationTime(new Date(now - 120_000)).build());
        assertInvalid(filter("name", "t", "secret.file", "secret.bin").apply(bearer(token)), "token expired");
        // Within the clock skew it still passes.
        String recent = hs256(claims().expirationTime(new Date(now - 30_000)).build());
        assertTrue(filter("name", "t", "secret.file", "secret.bin").apply(bearer(recent)).allowed());
        assertInvalid(filter("name", "t", "secret.file", "secret.bin", "clock.skew.s", "0").apply(bearer(recent)), "token expired");
    }

    @Test
    void tokenWithoutExpIsRejectedUnlessAllowed() throws Exception {
        String token = hs256(new JWTClaimsSet.Builder().subject("alice").build());
        assertInvalid(filter("name", "t", "secret.file", "secret.bin").apply(bearer(token)), "token lacks required claims");
        BuiltFilter lax = build("name", "t", "secret.file", "secret.bin", "require.exp", "false");
        assertTrue(lax.filter().apply(bearer(token)).allowed());
        assertFalse(lax.warnings().isEmpty());
    }

    @Test
    void notYetValidTokenIsRejected() throws Exception {
        String token = hs256(claims().notBeforeTime(new Date(System.currentTimeMillis() + 300_000)).build());
        assertInvalid(filter("name", "t", "secret.file", "secret.bin").apply(bearer(token)), "token not yet valid");
    }

    @Test
    void wrongAudienceIsRejected() throws Exception {
        RequestFilter filter = filter("name", "t", "secret.file", "secret.bin", "audience", "billing, reports");
        assertInvalid(filter.apply(bearer(hs256(claims().build()))), "audience not accepted");
        assertTrue(filter.apply(bearer(hs256(claims().audience(List.of("x", "reports")).build()))).allowed());
    }

    @Test
    void wrongIssuerIsRejected() throws Exception {
        RequestFilter filter = filter("name", "t", "secret.file", "secret.bin", "issuer", "https://login.example");
        assertInvalid(filter.apply(bearer(hs256(claims().build()))), "issuer not accepted");
        assertTrue(filter.apply(bearer(hs256(claims().issuer("https://login.example").build()))).allowed());
    }

    @Test
    void requiredClaimsAreEnforced() throws Exception {
        RequestFilter filter = filter("name", "t", "secret.file", "secret.bin", "required.claims", "sub, tenant");
        assertInvalid(filter.apply(bearer(hs256(claims().build()))), "token lacks required claims");
        assertTrue(filter.apply(bearer(hs256(claims().claim("tenant", "acme").build()))).allowed());
    }

    @Test
    void badSignatureIsRejected() throws Exception {
        String token = hs256(claims().build());
        String tampered = token.substring(0, token.lastIndexOf('.') + 1)
                + (token.charAt(token.lastIndexOf('.') + 1) == 'A' ? 'B' : 'A') + token.substring(token.lastIndexOf('.') + 2);
        assertInvalid(filter("name", "t", "secret.file", "secret.bin").apply(bearer(tampered)), "invalid signature");

        // Claims swapped under a valid signature.
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + b64(claims().subject("root").build().toString()) + "." + parts[2];
        assertInvalid(filter("name", "t", "secret.file", "secret.bin").apply(bearer(forged)), "invalid signature");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unsignedTokenIsRejected() throws Exception {
        String claims = b64(claims().build().toString());
        RequestFilter filter = filter("name", "t", "secret.file", "secret.bin");
        assertInvalid(filter.apply(bearer(b64("{\"alg\":\"none\"}") + "." + claims + ".")), "unsigned token");
        assertInvalid(filter.apply(bearer(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + claims + ".")), "unsigned token");
        // "None" in other spellings is not an algorithm any key fits either.
        assertInvalid(filter.apply(bearer(b64("{\"alg\":\"NONE\"}") + "." + claims + ".")), "malformed token");
        assertInvalid(filter.apply(bearer(b64("{\"alg\":\"NONE\"}") + "." + claims + ".AAAA")), "signing algorithm not accepted");
    }

    @Test
    void rsaPublicKeyUsedAsHmacSecretIsRejected() throws Exception {
        byte[] pemBytes = Files.readAllBytes(home.resolve("rsa.pem"));
        String withPem = sign(JWSAlgorithm.HS256, new MACSigner(pemBytes), claims().build(), null);
        String withDer = sign(JWSAlgorithm.HS256, new MACSigner(rsa.getPublic().getEncoded()), claims().build(), null);
        RequestFilter rsaOnly = filter("name", "t", "public.key.file", "rsa.pem");
        assertInvalid(rsaOnly.apply(bearer(withPem)), "signing algorithm not accepted");
        assertInvalid(rsaOnly.apply(bearer(withDer)), "signing algorithm not accepted");
        // With an HMAC secret configured too, HS256 is allowed but only ever checked with the secret.
        RequestFilter both = filter("name", "t", "public.key.file", "rsa.pem", "secret.file", "secret.bin");
        assertInvalid(both.apply(bearer(withPem)), "invalid signature");
        assertTrue(both.apply(bearer(hs256(claims().build()))).allowed());
        // And HS256 cannot be allowed for an RSA key alone.
        assertEquals("algorithms", assertThrows(ConfigException.class,
                () -> build("name", "t", "public.key.file", "rsa.pem", "algorithms", "RS256, HS256")).key());
    }

    @Test
    void algorithmsListRestrictsAcceptedTokens() throws Exception {
        RequestFilter filter = filter("name", "t", "public.key.file", "rsa.pem", "algorithms", "RS256");
        assertTrue(filter.apply(bearer(sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()), claims().build(), null))).allowed());
        assertInvalid(filter.apply(bearer(sign(JWSAlgorithm.RS384, new RSASSASigner(rsa.getPrivate()), claims().build(), null))),
                "signing algorithm not accepted");
        assertEquals("algorithms", assertThrows(ConfigException.class,
                () -> build("name", "t", "secret.file", "secret.bin", "algorithms", "none")).key());
        assertEquals("algorithms", assertThrows(ConfigException.class,
                () -> build("name", "t", "secret.file", "secret.bin", "algorithms", "HS999")).key());
        assertEquals("algorithms", assertThrows(ConfigException.class,
                () -> build("name", "t", "secret.file", "secret.bin", "algorithms", "HS512")).key(),
                "a 32-byte secret is too short for HS512");
    }

    @Test
    void claimsAreForwardedAndForgedHeadersRemoved() throws Exception {
        RequestFilter filter = filter("name", "t", "secret.file", "secret.bin",
                "claims.headers", "sub=X-User, roles=X-Roles, tenant=X-Tenant, exp=X-Expires");
        FakeFilterContext context = bearer(hs256(claims().claim("roles", List.of("admin", "ops")).build()))
                .header("X-User", "root").header("X-Tenant", "forged");
        assertTrue(filter.apply(context).allowed());
        assertEquals("alice", context.upstreamHeaders.get("X-User"));
        assertEquals("admin,ops", context.upstreamHeaders.get("X-Roles"));
        assertTrue(context.upstreamHeaders.containsKey("X-Tenant"));
        assertNull(context.upstreamHeaders.get("X-Tenant"), "no claim: the client's copy is removed, not forwarded");
        assertTrue(context.upstreamHeaders.get("X-Expires").matches("\\d+"));

        FakeFilterContext rejected = bearer("not-a-token").header("X-User", "root");
        assertFalse(filter.apply(rejected).allowed());
        assertNull(rejected.upstreamHeaders.get("X-User"));
    }

    @Test
    void underscoreSpellingsOfClaimHeadersAreRemoved() throws Exception {
        // CGI, WSGI and PHP upstreams map X-User and X_User alike to HTTP_X_USER.
        RequestFilter filter = filter("name", "t", "secret.file", "secret.bin",
                "claims.headers", "sub=X-User, tenant=X-Tenant-Id");
        FakeFilterContext context = bearer(hs256(claims().build())).header("X_User", "root")
                .header("x_tenant-id", "forged");
        assertTrue(filter.apply(context).allowed());
        assertEquals("alice", context.upstreamHeaders.get("X-User"));
        for (String forged : List.of("X_User", "X_Tenant_Id", "X-Tenant_Id", "X_Tenant-Id", "X-Tenant-Id")) {
            assertTrue(context.upstreamHeaders.containsKey(forged), forged);
            assertNull(context.upstreamHeaders.get(forged), forged + " removed");
        }

        FakeFilterContext rejected = bearer("not-a-token").header("X_User", "root");
        assertFalse(filter.apply(rejected).allowed());
        assertTrue(rejected.upstreamHeaders.containsKey("X-User"));
        assertTrue(rejected.upstreamHeaders.containsKey("X_User"));
        assertNull(rejected.upstreamHeaders.get("X_User"), "removed before the token is even looked at");
    }

    @Test
    void claimHeadersThatAreOneHeaderUpstreamAreRejected() {
        ConfigException twice = assertThrows(ConfigException.class,
                () -> build("name", "t", "secret.file", "secret.bin", "claims.headers", "sub=X-User, email=x_user"));
        assertEquals("claims.headers", twice.key());
        assertTrue(twice.getMessage().contains("'X-User' is the same header upstream"), twice.getMessage());
        ConfigException token = assertThrows(ConfigException.class, () -> build("name", "t", "secret.file",
                "secret.bin", "token.header", "X-Token", "claims.headers", "sub=X_Token"));
        assertTrue(token.getMessage().contains("is the header the token comes in"), token.getMessage());
    }

    @Test
    void claimValuesWithLineBreaksAreNotForwarded() throws Exception {
        RequestFilter filter = filter("name", "t", "secret.file", "secret.bin", "claims.headers", "sub=X-User");
        FakeFilterContext context = bearer(hs256(claims().subject("alice\r\nX-Admin: yes").build()));
        assertTrue(filter.apply(context).allowed());
        assertNull(context.upstreamHeaders.get("X-User"));
    }

    @Test
    void missingTokenGetsBearerChallenge() {
        RequestFilter filter = filter("name", "api-jwt", "secret.file", "secret.bin");
        for (FakeFilterContext context : List.of(new FakeFilterContext(),
                new FakeFilterContext().header("Authorization", "Basic YWxpY2U6eA=="))) {
            FilterDecision decision = filter.apply(context);
            assertFalse(decision.allowed());
            assertEquals(401, decision.status());
            assertEquals(List.of(Map.entry("WWW-Authenticate", "Bearer realm=\"api-jwt\"")), decision.headers());
        }
    }

    @Test
    void malformedTokensAreInvalid() {
        RequestFilter filter = filter("name", "t", "secret.file", "secret.bin");
        assertInvalid(filter.apply(bearer("abc")), "malformed token");
        assertInvalid(filter.apply(new FakeFilterContext().header("Authorization", "Bearer")), "malformed token");
        assertInvalid(filter.apply(bearer("a.b.c")), "malformed token");
        assertInvalid(filter.apply(bearer("x").header("Authorization", "Bearer y")), "more than one token");
    }

    @Test
    void otherTokenHeaderHoldsTheBareToken() throws Exception {
        RequestFilter filter = filter("name", "t", "secret.file", "secret.bin", "token.header", "X-Token");
        String token = hs256(claims().build());
        assertTrue(filter.apply(new FakeFilterContext().header("X-Token", token)).allowed());
        assertTrue(filter.apply(new FakeFilterContext().header("X-Token", "Bearer " + token)).allowed());
        assertFalse(filter.apply(bearer(token)).allowed(), "Authorization is not looked at");
    }

    @Test
    void accessTokenTypeIsAccepted() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
                claims().build());
        jwt.sign(new MACSigner(secret));
        assertTrue(filter("name", "t", "secret.file", "secret.bin").apply(bearer(jwt.serialize())).allowed());
        SignedJWT odd = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("secevent+jwt")).build(),
                claims().build());
        odd.sign(new MACSigner(secret));
        assertInvalid(filter("name", "t", "secret.file", "secret.bin").apply(bearer(odd.serialize())), "token type not accepted");
    }

    @Test
    void keyConfigurationErrorsNameTheKey() throws Exception {
        assertEquals("secret.file", assertThrows(ConfigException.class, () -> build("name", "t")).key());
        Files.write(home.resolve("short.bin"), new byte[31]);
        ConfigException shortSecret = assertThrows(ConfigException.class, () -> build("name", "t", "secret.file", "short.bin"));
        assertEquals("secret.file", shortSecret.key());
        assertTrue(shortSecret.getMessage().startsWith(TestSettings.CFG + ": key 'secret.file': "), shortSecret.getMessage());
        assertEquals("secret.file", assertThrows(ConfigException.class, () -> build("name", "t", "secret.file", "missing.bin")).key());

        Files.writeString(home.resolve("private.pem"), pem("PRIVATE KEY", rsa.getPrivate().getEncoded()));
        ConfigException privateKey = assertThrows(ConfigException.class, () -> build("name", "t", "public.key.file", "private.pem"));
        assertEquals("public.key.file", privateKey.key());
        assertTrue(privateKey.getMessage().contains("private key"), privateKey.getMessage());
        Files.writeString(home.resolve("empty.pem"), "nothing here\n");
        assertEquals("public.key.file", assertThrows(ConfigException.class, () -> build("name", "t", "public.key.file", "empty.pem")).key());

        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        Files.writeString(home.resolve("small.pem"), pem("PUBLIC KEY", small.generateKeyPair().getPublic().getEncoded()));
        assertEquals("public.key.file", assertThrows(ConfigException.class, () -> build("name", "t", "public.key.file", "small.pem")).key());

        Files.writeString(home.resolve("bad.jwks"), "{\"keys\": 3}");
        assertEquals("jwks.file", assertThrows(ConfigException.class, () -> build("name", "t", "jwks.file", "bad.jwks")).key());
        Files.writeString(home.resolve("enc.jwks"), new JWKSet(new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.ENCRYPTION)
                .generate().toPublicJWK()).toString());
        assertEquals("jwks.file", assertThrows(ConfigException.class, () -> build("name", "t", "jwks.file", "enc.jwks")).key());
        assertEquals("claims.headers", assertThrows(ConfigException.class,
                () -> build("name", "t", "secret.file", "secret.bin", "claims.headers", "sub")).key());
        assertEquals("claims.headers", assertThrows(ConfigException.class,
                () -> build("name", "t", "secret.file", "secret.bin", "claims.headers", "sub=Content-Length")).key());
    }

    @Test
    void privateJwksKeysAreUsedByTheirPublicPartWithAWarning() throws Exception {
        Files.writeString(home.resolve("private.jwks"), new JWKSet(ec).toString(false));
        BuiltFilter built = build("name", "t", "jwks.file", "private.jwks");
        assertTrue(built.warnings().stream().anyMatch(w -> w.contains("private")), built.warnings().toString());
        assertTrue(built.filter().apply(bearer(sign(JWSAlgorithm.ES256, new ECDSASigner(ec), claims().build(), "ec-1"))).allowed());
    }

    @Test
    void secretWithTrailingLineBreakWarns() throws Exception {
        byte[] withNewline = new byte[40];
        new SecureRandom().nextBytes(withNewline);
        withNewline[39] = '\n';
        Files.write(home.resolve("nl.bin"), withNewline);
        assertFalse(build("name", "t", "secret.file", "nl.bin").warnings().isEmpty());
    }

    @Test
    void summaryNamesNoSecret() {
        BuiltFilter built = build("name", "t", "secret.file", "secret.bin", "public.key.file", "rsa.pem", "jwks.file", "keys.jwks");
        assertTrue(built.summary().contains("HS256"), built.summary());
        assertTrue(built.summary().contains("ES256"), built.summary());
        assertTrue(built.summary().contains("RS256"), built.summary());
        assertFalse(built.summary().contains(Base64.getEncoder().encodeToString(secret)));
    }
}
