package io.caracal.ratelimit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BucketTableTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void staysWithinMaxKeysWhateverTheNumberOfClients() {
        BucketTable table = new BucketTable(new Limits(1, 60, 1), 100, clock);
        for (int i = 0; i < 20_000; i++) {
            table.bucket("198.51.100." + i).tryConsume(1);
        }
        table.cleanUp();
        assertTrue(table.size() <= 100, "size " + table.size());
    }

    @Test
    void sameKeySameBucket() {
        BucketTable table = new BucketTable(new Limits(1, 60, 1), 100, clock);
        assertSame(table.bucket("a"), table.bucket("a"));
        assertNotSame(table.bucket("a"), table.bucket("b"));
    }

    @Test
    void idleBucketExpiresOnceItWouldBeFullAgain() {
        BucketTable table = new BucketTable(new Limits(10, 1, 10), 100, clock); // full again after 1 s
        table.bucket("a").tryConsume(10);

        clock.advance(Duration.ofMillis(999));
        table.cleanUp();
        assertEquals(1, table.size(), "still refilling: kept");
        assertEquals(9, table.bucket("a").getAvailableTokens());

        clock.advance(Duration.ofMillis(1001)); // idle for a full refill since the last access
        table.cleanUp();
        assertEquals(0, table.size());
        assertEquals(10, table.bucket("a").getAvailableTokens(), "recreated full, as it would have been");
    }
}
