package io.caracal.waf.crs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.caracal.waf.internal.engine.RulePlan;
import io.caracal.waf.internal.engine.Transaction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Attack corpora per rule family, run through CRS at paranoia level 1: every sample must be
 * denied by the anomaly score (949110, 403) and matched by at least one rule of its family,
 * unless {@link KnownMisses} explains why it is not detected. A few protocol anomalies are
 * WARNING or NOTICE level in CRS and do not reach the threshold alone: their samples state the
 * exact score instead ({@link CorpusSample#scoreBelowThreshold()}).
 */
class CrsAttackCorpusTest {

    private static RulePlan plan;
    /** Per family: samples, denied, scored below the threshold by design, known misses. */
    private static final Map<String, int[]> SUMMARY = new TreeMap<>();

    @BeforeAll
    static void compile() throws Exception {
        plan = CrsFixture.compile(1);
    }

    @AfterAll
    static void printSummary() {
        System.out.println("CRS PL1 attack corpus (family: denied / samples, scored below the threshold, known misses)");
        SUMMARY.forEach((family, n) -> System.out.printf("  %-22s %3d / %3d, %2d below threshold, %d known miss(es)%n",
                family, n[1], n[0], n[2], n[3]));
    }

    @TestFactory
    Stream<DynamicTest> sqlInjection() {
        return family("942 SQL injection", Corpus.payloads("attacks/sqli.txt", "942"));
    }

    @TestFactory
    Stream<DynamicTest> crossSiteScripting() {
        return family("941 XSS", Corpus.payloads("attacks/xss.txt", "941"));
    }

    @TestFactory
    Stream<DynamicTest> localFileInclusionAndTraversal() {
        return family("930 LFI / traversal", Corpus.payloads("attacks/lfi.txt", "930"));
    }

    @TestFactory
    Stream<DynamicTest> remoteFileInclusion() {
        return family("931 RFI", Corpus.payloads("attacks/rfi.txt", "931"));
    }

    @TestFactory
    Stream<DynamicTest> remoteCommandExecution() {
        return family("932 RCE", Corpus.payloads("attacks/rce.txt", "932"));
    }

    @TestFactory
    Stream<DynamicTest> phpInjection() {
        return family("933 PHP", Corpus.payloads("attacks/php.txt", "933"));
    }

    @TestFactory
    Stream<DynamicTest> javaAttacks() {
        return family("944 Java", Corpus.payloads("attacks/java.txt", "944"));
    }

    @TestFactory
    Stream<DynamicTest> scanners() {
        return family("913 scanners", Corpus.payloads("attacks/scanners.txt", "913"));
    }

    @TestFactory
    Stream<DynamicTest> protocolAnomalies() {
        return family("920/921 protocol", Corpus.requests("attacks/protocol.http"));
    }

    private static Stream<DynamicTest> family(String family, List<CorpusSample> samples) {
        int[] counts = SUMMARY.computeIfAbsent(family, f -> new int[4]);
        return samples.stream().map(sample -> dynamicTest(sample.label(), () -> {
            Transaction t = CrsFixture.run(plan, sample.request());
            boolean familyMatched = Verdicts.familyMatched(t, sample.families());
            boolean detected = Verdicts.deniedByAnomalyScore(t) && familyMatched;
            String knownMiss = KnownMisses.reason(sample.label());
            synchronized (counts) {
                counts[0]++;
                counts[1] += detected ? 1 : 0;
                counts[2] += sample.scoreBelowThreshold() != null ? 1 : 0;
                counts[3] += knownMiss != null ? 1 : 0;
            }
            if (knownMiss != null) {
                assertFalse(detected, () -> sample + " is listed as a known miss (" + knownMiss
                        + ") but is detected now: take it off the list\n" + Verdicts.describe(t));
                return;
            }
            assertTrue(familyMatched, () -> sample + " matched no rule of " + sample.families() + "\n" + Verdicts.describe(t));
            if (sample.scoreBelowThreshold() != null) {
                assertEquals(sample.scoreBelowThreshold().intValue(), CrsFixture.anomalyScore(t),
                        () -> sample + " should score exactly " + sample.scoreBelowThreshold() + "\n" + Verdicts.describe(t));
                assertNull(t.interruptedBy(), () -> sample + " scores below the threshold, yet was denied\n" + Verdicts.describe(t));
                return;
            }
            assertTrue(Verdicts.deniedByAnomalyScore(t), () -> sample + " was not denied by " + Verdicts.BLOCKING_RULE
                    + "\n" + Verdicts.describe(t));
        }));
    }
}
