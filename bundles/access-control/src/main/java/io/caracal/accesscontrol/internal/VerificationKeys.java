package io.caracal.accesscontrol.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The keys a jwt filter verifies signatures with, read from its files at configuration time, and
 * the signature algorithms each of them can check. An HMAC secret only verifies HS*, an RSA key
 * RS and PS*, an EC key the ES* of its curve: so a token whose header names another algorithm
 * than its key's (the "RSA public key used as HMAC secret" confusion) finds no key at all.
 */
final class VerificationKeys {

    static final int MIN_SECRET_BYTES = 32;
    static final int MIN_RSA_BITS = 2048;

    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

    /** Keys that only match tokens whose {@code kid} is theirs (JWKS entries with a kid). */
    private final List<JWK> withKid = new ArrayList<>();
    /** Keys that match whatever {@code kid} a token names (single keys, JWKS entries without kid). */
    private final List<JWK> anyKid = new ArrayList<>();
    private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();

    /** Reads {@code secret.file}, {@code public.key.file} and {@code jwks.file}; at least one is needed. */
    static VerificationKeys load(FilterSettings settings) {
        VerificationKeys keys = new VerificationKeys();
        Path secret = settings.file("secret.file");
        Path publicKey = settings.file("public.key.file");
        Path jwks = settings.file("jwks.file");
        if (secret == null && publicKey == null && jwks == null) {
            throw settings.error("secret.file", "no key: set at least one of secret.file, public.key.file and jwks.file");
        }
        if (secret != null) {
            keys.addSecret(settings, secret);
        }
        if (publicKey != null) {
            keys.addPublicKey(settings, publicKey);
        }
        if (jwks != null) {
            keys.addJwks(settings, jwks);
        }
        return keys;
    }

    List<JWK> withKid() {
        return List.copyOf(withKid);
    }

    List<JWK> anyKid() {
        return List.copyOf(anyKid);
    }

    /** Every algorithm some key can verify. */
    Set<JWSAlgorithm> algorithms() {
        return Set.copyOf(algorithms);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** What was loaded, for the log. */
    String describe() {
        return String.join(", ", sources);
    }

    private void addSecret(FilterSettings settings, Path file) {
        byte[] secret = settings.read("secret.file", file);
        if (secret.length < MIN_SECRET_BYTES) {
            throw settings.error("secret.file", file + " holds " + secret.length + " bytes; an HMAC secret needs at least "
                    + MIN_SECRET_BYTES);
        }
        if (secret[secret.length - 1] == '\n') {
            warnings.add("key 'secret.file': " + file + " ends with a line break, which is part of the secret "
                    + "(write it with printf or openssl rand, not echo)");
        }
        OctetSequenceKey key = new OctetSequenceKey.Builder(secret).keyUse(KeyUse.SIGNATURE).build();
        anyKid.add(key);
        algorithms.addAll(algorithmsOf(key));
        sources.add("HMAC secret of " + secret.length + " bytes");
    }

    private void addPublicKey(FilterSettings settings, Path file) {
        PublicKey publicKey;
        try {
            publicKey = PemPublicKey.read(settings.read("public.key.file", file));
        } catch (IOException | GeneralSecurityException e) {
            throw settings.error("public.key.file", file + ": " + e.getMessage());
        }
        JWK key;
        if (publicKey instanceof RSAPublicKey rsa) {
            key = new RSAKey.Builder(rsa).build();
        } else if (publicKey instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                throw settings.error("public.key.file", file + ": the EC curve is not supported; use P-256, P-384 or P-521");
            }
            key = new ECKey.Builder(curve, ec).build();
        } else {
            throw settings.error("public.key.file", file + ": a " + publicKey.getAlgorithm()
                    + " key is not supported; use RSA or EC");
        }
        String problem = problemWith(key);
        if (problem != null) {
            throw settings.error("public.key.file", file + ": " + problem);
        }
        anyKid.add(key);
        algorithms.addAll(algorithmsOf(key));
        sources.add(describe(key) + " from " + file.getFileName());
    }

    private void addJwks(FilterSettings settings, Path file) {
        JWKSet set;
        try {
            set = JWKSet.parse(new String(settings.read("jwks.file", file), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw settings.error("jwks.file", file + " is not a JWK set: " + e.getMessage());
        }
        int used = 0;
        for (JWK entry : set.getKeys()) {
            String label = "key" + (entry.getKeyID() != null ? " '" + entry.getKeyID() + "'" : "") + " of " + file;
            if (KeyUse.ENCRYPTION.equals(entry.getKeyUse())) {
                continue; // an encryption key in a shared set: not ours
            }
            String problem = problemWith(entry);
            if (problem != null) {
                warnings.add("key 'jwks.file': " + label + " is ignored: " + problem);
                continue;
            }
            JWK key = entry;
            if (entry.isPrivate() && !(entry instanceof OctetSequenceKey)) {
                warnings.add("key 'jwks.file': " + label + " holds private key material; only its public part is used");
                key = entry.toPublicJWK();
            }
            (key.getKeyID() != null ? withKid : anyKid).add(key);
            algorithms.addAll(algorithmsOf(key));
            used++;
        }
        if (used == 0) {
            throw settings.error("jwks.file", file + " holds no usable signature verification key");
        }
        sources.add(used + " key(s) from " + file.getFileName());
    }

    /** Null when a key can verify signatures here, else why not. */
    private static String problemWith(JWK key) {
        if (key instanceof RSAKey rsa && rsa.size() < MIN_RSA_BITS) {
            return "an RSA key of " + rsa.size() + " bits is too short (at least " + MIN_RSA_BITS + ")";
        }
        if (key instanceof OctetSequenceKey secret && secret.size() / 8 < MIN_SECRET_BYTES) {
            return "an HMAC secret of " + secret.size() / 8 + " bytes is too short (at least " + MIN_SECRET_BYTES + ")";
        }
        if (!(key instanceof RSAKey || key instanceof ECKey || key instanceof OctetSequenceKey)) {
            return "key type " + key.getKeyType() + " is not supported (RSA, EC and HMAC secrets are)";
        }
        if (algorithmsOf(key).isEmpty()) {
            return key.getAlgorithm() != null ? "its algorithm " + key.getAlgorithm() + " is not supported"
                    : "its curve is not supported (P-256, P-384 and P-521 are)";
        }
        return null;
    }

    /** The signature algorithms a key can verify; only its own {@code alg} when it names one. */
    static Set<JWSAlgorithm> algorithmsOf(JWK key) {
        Set<JWSAlgorithm> fitting = new LinkedHashSet<>();
        if (key instanceof OctetSequenceKey secret) {
            int bytes = secret.size() / 8;
            if (bytes >= 32) {
                fitting.add(JWSAlgorithm.HS256);
            }
            if (bytes >= 48) {
                fitting.add(JWSAlgorithm.HS384);
            }
            if (bytes >= 64) {
                fitting.add(JWSAlgorithm.HS512);
            }
        } else if (key instanceof RSAKey) {
            fitting.addAll(RSA);
        } else if (key instanceof ECKey ec) {
            Curve curve = ec.getCurve();
            if (Curve.P_256.equals(curve)) {
                fitting.add(JWSAlgorithm.ES256);
            } else if (Curve.P_384.equals(curve)) {
                fitting.add(JWSAlgorithm.ES384);
            } else if (Curve.P_521.equals(curve)) {
                fitting.add(JWSAlgorithm.ES512);
            }
        }
        Algorithm own = key.getAlgorithm();
        if (own != null) {
            fitting.removeIf(algorithm -> !algorithm.getName().equals(own.getName()));
        }
        return fitting;
    }

    private static String describe(JWK key) {
        if (key instanceof RSAKey rsa) {
            return "RSA " + rsa.size() + "-bit public key";
        }
        if (key instanceof ECKey ec) {
            return "EC " + ec.getCurve() + " public key";
        }
        return key.getKeyType() + " key";
    }
}
