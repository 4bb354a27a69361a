package io.caracal.waf.internal.detect;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs built to trip quadratic behaviour (unclosed delimiters, endless nesting, long references).
 * At 1 MiB a quadratic scan would take minutes; a linear one takes milliseconds.
 */
class LinearTimeTest {

    private static final int SIZE = 1 << 20;

    static Stream<String> adversarialInputs() {
        return Stream.of(
            "(".repeat(SIZE),
            "sleep(" + "(".repeat(SIZE),
            "'".repeat(SIZE),
            "\"".repeat(SIZE),
            "[".repeat(SIZE),
            "`".repeat(SIZE),
            "/*".repeat(SIZE / 2),
            "/*!".repeat(SIZE / 3),
            "a/**/".repeat(SIZE / 5),
            "a.".repeat(SIZE / 2),
            "1 or ".repeat(SIZE / 5),
            "' or 1=1 ".repeat(SIZE / 9),
            "case when ".repeat(SIZE / 10),
            "1; if ".repeat(SIZE / 6),
            "1 union select ".repeat(SIZE / 15),
            "sleep(".repeat(SIZE / 6),
            "<".repeat(SIZE),
            "<a".repeat(SIZE / 2),
            "<a ".repeat(SIZE / 3),
            "<a b=".repeat(SIZE / 5),
            "<!--".repeat(SIZE / 4),
            "<!--" + "-".repeat(SIZE),
            "<![CDATA[".repeat(SIZE / 9),
            "<a href=\"&#" + "0".repeat(SIZE) + "106;\">",
            "<a style=\"" + "\\".repeat(SIZE) + "\">",
            "<a style=\"" + "/*".repeat(SIZE / 2) + "\">",
            "\"".repeat(SIZE / 2) + "=".repeat(SIZE / 2),
            " ".repeat(SIZE) + "javascript",
            "&".repeat(SIZE),
            "x".repeat(SIZE));
    }

    @ParameterizedTest
    @MethodSource("adversarialInputs")
    void finishesQuickly(String input) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            SqlInjectionDetector.fingerprint(input);
            XssDetector.isXss(input);
        });
    }
}
