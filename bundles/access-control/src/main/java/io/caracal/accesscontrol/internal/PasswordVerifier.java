package io.caracal.accesscontrol.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Checks passwords against bcrypt hashes. bcrypt is slow on purpose, so a successful check is
 * remembered for a few minutes: the cache key is the user and a salted SHA-256 of user and
 * password, so only the exact password that passed bcrypt can hit it, and failures are never
 * stored. The salt is random per instance; the cache holds no password and no reusable digest.
 *
 * <p>An unknown user is checked against a dummy hash of the file's usual cost, so the answer
 * takes as long as for a known user with a wrong password and does not reveal who exists.
 * Thread-safe.
 */
final class PasswordVerifier {

    static final Duration CACHE_TTL = Duration.ofMinutes(5);
    static final long CACHE_SIZE = 10_000;

    private final Map<String, String> hashes;
    private final String dummyHash;
    private final byte[] salt = new byte[32];
    private final Cache<String, Boolean> verified;

    PasswordVerifier(Map<String, String> hashes) {
        this.hashes = Map.copyOf(hashes);
        SecureRandom random = new SecureRandom();
        random.nextBytes(salt);
        this.dummyHash = dummyHash(usualCost(hashes.values()), random);
        // Maintenance on the calling thread: nothing to hand to a pool, and no pool to outlive the bundle.
        this.verified = Caffeine.newBuilder().maximumSize(CACHE_SIZE).expireAfterWrite(CACHE_TTL)
                .executor(Runnable::run).build();
    }

    /** Whether {@code password} is the password of {@code user}. */
    boolean verify(String user, byte[] password) {
        String hash = hashes.get(user);
        if (hash == null) {
            OpenBSDBCrypt.checkPassword(dummyHash, password);
            return false;
        }
        String key = cacheKey(user, password);
        if (verified.getIfPresent(key) != null) {
            return true;
        }
        if (!OpenBSDBCrypt.checkPassword(hash, password)) {
            return false;
        }
        verified.put(key, Boolean.TRUE);
        return true;
    }

    /** How many successful checks are remembered (for tests). */
    long cached() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private String cacheKey(String user, byte[] password) {
        MessageDigest digest = sha256();
        digest.update(salt);
        byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
        digest.update(userBytes);
        digest.update((byte) ':');
        digest.update(password);
        return user + '\u0000' + Base64.getEncoder().encodeToString(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The most common cost in the file, so the dummy check takes as long as a typical real one. */
    private static int usualCost(Collection<String> hashes) {
        return hashes.stream().collect(Collectors.groupingBy(HtpasswdFile::cost, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(10);
    }

    private static String dummyHash(int cost, SecureRandom random) {
        byte[] password = new byte[24];
        byte[] hashSalt = new byte[16];
        random.nextBytes(password);
        random.nextBytes(hashSalt);
        return OpenBSDBCrypt.generate("2b", Base64.getEncoder().encode(password), hashSalt, cost);
    }
}
