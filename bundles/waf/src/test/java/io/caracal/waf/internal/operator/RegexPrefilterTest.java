package io.caracal.waf.internal.operator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The prefilter may only ever rule out values the pattern cannot match. */
class RegexPrefilterTest {

    private static final List<String> PATTERNS = List.of(
            "(?:^|[\\\\/])\\.\\.(?:[\\\\/]|$)",
            "(?i)<script[^>]*>",
            "(?i:union\\s+select|select\\s+from)",
            "['\"`]\\s*or\\s*['\"`]?\\d",
            "[a-z]+\\(",
            "x{2,}|y+z",
            "\\x3c\\x3E|[\\x00-\\x08]",
            "(?:a|b)?c",
            "a*b*",
            "(?:ab|cd)(?:ef)?",
            "[^a-z]{3}",
            "\\bjava\\b\\.(?:lang|io)");

    @Test
    void neverRulesOutAValueThePatternMatches() {
        Random random = new Random(42);
        String alphabet = "abcdefxyzABCXYZ<>'\"`.\\/()=-_ 0123456789\u0000\u0007\u00e9";
        for (String source : PATTERNS) {
            Pattern pattern = Pattern.compile(source, Pattern.DOTALL);
            RegexPrefilter prefilter = RegexPrefilter.of(source);
            for (int i = 0; i < 20_000; i++) {
                StringBuilder value = new StringBuilder();
                int length = random.nextInt(12);
                for (int k = 0; k < length; k++) {
                    value.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String input = value.toString();
                if (pattern.matcher(input).find()) {
                    assertTrue(prefilter == null || prefilter.mayMatch(input, 0), source + " matches '" + input + "'");
                }
            }
        }
    }

    @Test
    void rulesOutValuesWithoutTheNeededBytes() {
        RegexPrefilter traversal = RegexPrefilter.of("(?:^|[\\\\/])\\.\\.(?:[\\\\/]|$)");
        assertNotNull(traversal);
        assertFalse(traversal.mayMatch("price_asc", 0));
        assertTrue(traversal.mayMatch("a/../b", 0));
        RegexPrefilter script = RegexPrefilter.of("(?i)<script[^>]*>");
        assertFalse(script.mayMatch("SCRIPT kiddies", 0), "no '<' or '>'");
        assertTrue(script.mayMatch("<SCRIPT>", 0));
    }

    @Test
    void givesUpOnWhatItDoesNotRead() {
        assertNull(RegexPrefilter.of("(?<=a)b"), "lookbehind");
        assertNull(RegexPrefilter.of("(a)\\1"), "back-reference");
        assertNull(RegexPrefilter.of("a*"), "may match empty");
        assertNull(RegexPrefilter.of(".+"), "any byte");
        assertNull(RegexPrefilter.of("\\p{L}"), "unicode class");
    }
}
