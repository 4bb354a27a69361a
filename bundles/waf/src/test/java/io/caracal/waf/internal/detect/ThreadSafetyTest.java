package io.caracal.waf.internal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The detectors keep no shared mutable state, so concurrent callers see the sequential results. */
class ThreadSafetyTest {

    @Test
    void concurrentCallsAgreeWithSequentialOnes() throws Exception {
        List<String> samples = new ArrayList<>();
        samples.addAll(Corpus.load("sqli-attacks.txt"));
        samples.addAll(Corpus.load("xss-attacks.txt"));
        samples.addAll(Corpus.load("benign.txt"));
        String expected = verdicts(samples);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<String> run = () -> verdicts(samples);
                runs.add(pool.submit(run));
            }
            for (Future<String> run : runs) {
                assertEquals(expected, run.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String verdicts(List<String> samples) {
        StringBuilder b = new StringBuilder();
        for (int round = 0; round < 5; round++) {
            for (String s : samples) {
                b.append(Objects.toString(SqlInjectionDetector.fingerprint(s))).append(XssDetector.isXss(s)).append('\n');
            }
        }
        return b.toString();
    }
}
