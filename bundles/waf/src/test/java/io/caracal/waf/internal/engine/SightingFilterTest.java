package io.caracal.waf.internal.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SightingFilterTest {

    @Test
    void aValueIsKnownFromItsSecondSightingOn() {
        SightingFilter filter = new SightingFilter();
        int falsePositives = 0;
        for (int i = 0; i < SightingFilter.GENERATION_SIZE - 1; i++) {
            if (filter.sighted(("session=" + i).hashCode())) {
                falsePositives++;
            }
        }
        // two bits of 2^17 per value: well under 5 % false positives in a full generation
        assertTrue(falsePositives < SightingFilter.GENERATION_SIZE / 20, falsePositives + " false positives");
        for (int i = 0; i < SightingFilter.GENERATION_SIZE - 1; i++) {
            assertTrue(filter.sighted(("session=" + i).hashCode()), "no false negatives");
        }
    }

    @Test
    void aValueThatKeepsComingBackStaysKnownAcrossGenerationsAndOneThatStopsIsForgotten() {
        SightingFilter filter = new SightingFilter();
        int regular = "User-Agent: Mozilla/5.0".hashCode();
        int once = "a token seen once".hashCode();
        assertFalse(filter.sighted(regular));
        assertFalse(filter.sighted(once));
        for (int generation = 0; generation < 4; generation++) {
            for (int i = 0; i < SightingFilter.GENERATION_SIZE; i++) {
                filter.sighted(("g" + generation + "/" + i).hashCode());
            }
            assertTrue(filter.sighted(regular), "generation " + generation);
        }
        assertFalse(filter.sighted(once), "two generations later, a value seen once is new again");
    }

    @Test
    void theSharedMemoHoldsValuesSeenMoreThanOnce() throws Exception {
        RulePlan plan = Requests.compile("SecRule ARGS \"@rx attack\" \"id:1,phase:2,deny\"");
        ValueMemo first = plan.memo("a value");
        ValueMemo second = plan.memo("a value");
        assertNotSame(first, second, "the first sighting gets a memo for its request alone");
        assertSame(second, plan.memo("a value"), "from the second on, the shared memo");
        String longValue = "x".repeat(RulePlan.MEMO_VALUE_LIMIT + 1);
        plan.memo(longValue);
        assertNotSame(plan.memo(longValue), plan.memo(longValue), "long values are never shared");
    }
}
