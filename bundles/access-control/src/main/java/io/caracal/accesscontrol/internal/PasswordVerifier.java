package io.caracal.accesscontrol.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Checks passwords against bcrypt hashes. bcrypt is slow on purpose, so a successful check is
 * remembered for a few minutes: the cache key is the user and a salted SHA-256 of user and
 * password, so only the exact password that passed bcrypt can hit it, and failures are never
 * stored. The salt is random per instance; the cache holds no password and no reusable digest.
 *
 * <p>Every failed check costs as much bcrypt work as a check at the highest cost in the file, so
 * the time of a refusal does not tell whether the user exists. An unknown user is checked against
 * a dummy hash of that highest cost: of the usual cost instead, a wrong password for a user of a
 * higher cost would take measurably longer than an unknown user and give that user away. A wrong
 * password for a user of a lower cost {@code c} is padded with dummy checks of costs {@code c} to
 * {@code highest - 1}: bcrypt's work doubles with each cost step, so {@code 2^c + 2^c + ... +
 * 2^(highest-1) = 2^highest}. Successful checks are not padded (the client knows the password, so
 * there is nothing left to hide from it).
 *
 * <p>At most one bcrypt check per processor runs at a time, across every basic-auth filter of the
 * bundle: a check that finds no free slot is not queued but answered {@link Result#BUSY}, so a
 * flood of password guesses cannot take every CPU. A cached success needs no slot and is never
 * busy. Whether a check is busy does not depend on whether the user exists. Thread-safe.
 */
final class PasswordVerifier {

    /** What a check found. */
    enum Result {
        VALID,
        INVALID,
        /** No bcrypt slot was free: the password was not checked. */
        BUSY
    }

    /** One bcrypt check of a password against a hash (a seam for tests). */
    @FunctionalInterface
    interface Bcrypt {
        boolean check(String hash, byte[] password);
    }

    static final Duration CACHE_TTL = Duration.ofMinutes(5);
    static final long CACHE_SIZE = 10_000;
    /** The dummy cost without users (the file parser never lets that happen). */
    private static final int DEFAULT_COST = 10;

    /** bcrypt slots shared by every verifier of the bundle (all filters, and old and new versions during a reload). */
    private static final Semaphore SLOTS = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));

    private final Map<String, String> hashes;
    private final Semaphore slots;
    private final Bcrypt bcrypt;
    private final int highestCost;
    /** Dummy hashes by cost, from the lowest cost in the file to the highest; null elsewhere. */
    private final String[] dummyHashes;
    private final byte[] salt = new byte[32];
    private final Cache<String, Boolean> verified;

    PasswordVerifier(Map<String, String> hashes) {
        this(hashes, SLOTS, OpenBSDBCrypt::checkPassword);
    }

    /** With its own bcrypt slots and check (tests). */
    PasswordVerifier(Map<String, String> hashes, Semaphore slots, Bcrypt bcrypt) {
        this.hashes = Map.copyOf(hashes);
        this.slots = slots;
        this.bcrypt = bcrypt;
        SecureRandom random = new SecureRandom();
        random.nextBytes(salt);
        int lowestCost = hashes.values().stream().mapToInt(HtpasswdFile::cost).min().orElse(DEFAULT_COST);
        this.highestCost = hashes.values().stream().mapToInt(HtpasswdFile::cost).max().orElse(DEFAULT_COST);
        this.dummyHashes = dummyHashes(lowestCost, highestCost, random);
        // Maintenance on the calling thread: nothing to hand to a pool, and no pool to outlive the bundle.
        this.verified = Caffeine.newBuilder().maximumSize(CACHE_SIZE).expireAfterWrite(CACHE_TTL)
                .executor(Runnable::run).build();
    }

    /** Whether {@code password} is the password of {@code user}, or BUSY when no bcrypt slot is free. */
    Result verify(String user, byte[] password) {
        String hash = hashes.get(user);
        String key = hash == null ? null : cacheKey(user, password);
        if (key != null && verified.getIfPresent(key) != null) {
            return Result.VALID;
        }
        if (!slots.tryAcquire()) {
            return Result.BUSY;
        }
        try {
            if (hash == null) {
                bcrypt.check(dummyHashes[highestCost], password);
                return Result.INVALID;
            }
            if (bcrypt.check(hash, password)) {
                verified.put(key, Boolean.TRUE);
                return Result.VALID;
            }
            for (int cost = HtpasswdFile.cost(hash); cost < highestCost; cost++) {
                bcrypt.check(dummyHashes[cost], password);
            }
            return Result.INVALID;
        } finally {
            slots.release();
        }
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

    /**
     * Hashes no password matches, one per cost from {@code lowest} to {@code highest}. One hash is
     * made at the cheapest cost and relabelled with each cost: checking against it then takes that
     * cost's full work (bcrypt reads the cost from the hash), without paying it here.
     */
    private static String[] dummyHashes(int lowest, int highest, SecureRandom random) {
        byte[] password = new byte[24];
        byte[] hashSalt = new byte[16];
        random.nextBytes(password);
        random.nextBytes(hashSalt);
        String cheap = OpenBSDBCrypt.generate("2b", Base64.getEncoder().encode(password), hashSalt, 4);
        String saltAndHash = cheap.substring("$2b$04$".length());
        String[] dummies = new String[highest + 1];
        for (int cost = lowest; cost <= highest; cost++) {
            dummies[cost] = String.format(Locale.ROOT, "$2b$%02d$%s", cost, saltAndHash);
        }
        return dummies;
    }
}
