package io.caracal.waf.crs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caracal.waf.internal.engine.RulePlan;
import io.caracal.waf.internal.engine.Transaction;

import org.junit.jupiter.api.Test;

/** The whole Debian CRS loads; what is not supported is reported, and the scoring works end to end. */
class CrsLoadTest {

    @Test
    void theWholeRuleSetLoads() throws Exception {
        RulePlan plan = CrsFixture.compile(1);
        RulePlan.LoadReport report = plan.report();
        System.out.println("CRS: " + report.rules() + " rules from " + report.files() + " files; unsupported: "
                + report.unsupported() + "; ignored directives: " + report.ignoredDirectives());
        assertTrue(report.rules() > 500, "rules: " + report.rules());
    }

    @Test
    void anOrdinaryRequestPassesAndAnAttackIsDeniedByTheAnomalyScore() throws Exception {
        RulePlan plan = CrsFixture.compile(1);
        Transaction ok = CrsFixture.run(plan, CrsFixture.get("/products?id=42&sort=price"));
        assertNull(ok.interruptedBy(), () -> "events: " + ok.events());
        Transaction attack = CrsFixture.run(plan, CrsFixture.get("/products?id=1%27%20or%201=1--"));
        assertEquals(949110, attack.interruptingRuleId(), () -> "events: " + attack.events());
        assertEquals(403, attack.interruptStatus());
    }
}
