package io.caracal.waf.crs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caracal.waf.internal.engine.BodyVariables;
import io.caracal.waf.internal.engine.RequestData;
import io.caracal.waf.internal.engine.RulePlan;
import io.caracal.waf.internal.engine.Transaction;

import org.junit.jupiter.api.Test;

/**
 * How much rule work an ordinary request costs, counted rather than timed: rules run (a chain
 * counts once) and values put to an operator. Higher paranoia levels run more rules; at PL1 the
 * skipAfter markers leave most of CRS's rules unvisited.
 */
class CrsRuleVolumeTest {

    /** A typical page view: a query, analytics and session cookies, a Referer. */
    private static RequestData typicalGet() {
        return CrsFixture.get("/c/running-shoes?size=42&sort=price_asc&page=2",
                "Cookie", "_ga=GA1.1.1843920311.1700000000; sessionid=k3j4h5g6f7d8s9a0q1w2e3r4t5y6u7i8",
                "Referer", "https://shop.example.com/", "Upgrade-Insecure-Requests", "1");
    }

    @Test
    void rulesEvaluatedForATypicalGet() throws Exception {
        int[] previous = null;
        for (int level = 1; level <= 4; level++) {
            RulePlan plan = CrsFixture.compile(level);
            int[] volume = volume(plan, typicalGet());
            int loaded = plan.ruleIds(1).size() + plan.ruleIds(2).size();
            System.out.printf("CRS PL%d typical GET: %d rules evaluated (phase 1: %d, phase 2: %d) of %d request rules"
                    + " loaded, %d values inspected%n", level, volume[0] + volume[1], volume[0], volume[1], loaded, volume[2]);
            assertTrue(volume[0] + volume[1] < loaded, "rules evaluated at PL" + level + ": " + (volume[0] + volume[1]));
            if (previous != null) {
                assertTrue(volume[0] + volume[1] > previous[0] + previous[1], "PL" + level + " runs more rules than PL" + (level - 1));
            }
            previous = volume;
        }
    }

    @Test
    void theSameRequestTwiceCostsTheSame() throws Exception {
        RulePlan plan = CrsFixture.compile(1);
        int[] first = volume(plan, typicalGet());
        int[] second = volume(plan, typicalGet());
        assertEquals(first[0] + first[1], second[0] + second[1]);
        assertEquals(first[2], second[2]);
    }

    /** Rules evaluated in phase 1, in phase 2, and values inspected in both. */
    private static int[] volume(RulePlan plan, RequestData request) {
        Transaction t = plan.begin(request, "volume", false, BodyVariables::parse);
        plan.run(t, 1);
        int phase1 = t.rulesEvaluated();
        plan.run(t, 2);
        assertNull(t.interruptedBy(), () -> Verdicts.describe(t));
        return new int[] {phase1, t.rulesEvaluated() - phase1, t.valuesInspected()};
    }
}
