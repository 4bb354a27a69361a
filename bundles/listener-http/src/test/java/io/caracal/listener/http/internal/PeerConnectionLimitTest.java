package io.caracal.listener.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

/** Per-IP connection counts and per-connection token buckets, without sockets. */
class PeerConnectionLimitTest {

    @Test
    void countsPerIpAndForgetsIpsWithoutConnections() throws Exception {
        PeerConnectionLimit limit = new PeerConnectionLimit(2);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("2001:db8::1");
        assertTrue(limit.tryAcquire(a));
        assertTrue(limit.tryAcquire(a));
        assertFalse(limit.tryAcquire(a), "a third connection from the same IP");
        assertTrue(limit.tryAcquire(b), "other IPs are not affected");
        assertEquals(2, limit.openConnections(a));

        limit.release(a);
        assertTrue(limit.tryAcquire(a), "a slot is free again");
        limit.release(a);
        limit.release(a);
        limit.release(b);
        assertEquals(0, limit.peers(), "no entry is kept for IPs without connections");
        limit.release(a); // a stray release does not go negative
        assertEquals(0, limit.openConnections(a));
    }

    @Test
    void tokenBucketAllowsTheBurstThenTheRate() {
        long second = 1_000_000_000L;
        TokenBucket bucket = new TokenBucket(2, 3, 0);
        assertEquals(0, bucket.tryTake(0));
        assertEquals(0, bucket.tryTake(0));
        assertEquals(0, bucket.tryTake(0));
        assertEquals(second / 2, bucket.tryTake(0), "the next token comes after half a second at 2/s");
        assertEquals(second / 4, bucket.tryTake(second / 4));
        assertEquals(0, bucket.tryTake(second / 2));
        // Long idleness refills up to the burst, not beyond.
        long later = 100 * second;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, bucket.tryTake(later));
        }
        assertTrue(bucket.tryTake(later) > 0);
    }
}
