package io.caracal.waf.internal.prefilter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LiteralScannerTest {

    /** Folded bytes the random words use: few, so that values contain many of them. */
    private static final String WORD_BYTES = "abc/%'\u0000\u00e9\u00ff";
    /** What values are made of: the same bytes, their upper case, other bytes and chars above 0xFF. */
    private static final String VALUE_CHARS = WORD_BYTES + "ABCxyz \u00c9\u0130\u212a\u4e2d";

    @Test
    void theTablesForTwoAndThreeByteWordsFindWhatTheAutomatonFinds() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            Set<String> words = new LinkedHashSet<>();
            int count = 1 + random.nextInt(40);
            while (words.size() < count) {
                words.add(randomText(random, WORD_BYTES, 2 + random.nextInt(2)));
            }
            LiteralScanner tables = LiteralScanner.of(words);
            LiteralScanner automaton = LiteralScanner.automaton(words);
            for (int v = 0; v < 200; v++) {
                String value = randomText(random, VALUE_CHARS, random.nextInt(24));
                Facts expected = automaton.scan(value);
                Facts actual = tables.scan(value);
                String context = words + " in " + value;
                assertArrayEquals(expected.words, actual.words, context);
                assertArrayEquals(expected.bytes, actual.bytes, context);
                assertEquals(expected.wide, actual.wide, context);
            }
        }
    }

    @Test
    void overlappingWordsAreAllFound() {
        LiteralScanner scanner = LiteralScanner.of(List.of("ab", "abc", "bc", "ca", "cab"));
        Facts facts = scanner.scan("xABCAB");
        for (String word : List.of("ab", "abc", "bc", "ca", "cab")) {
            assertEquals(true, facts.hasWord(scanner.idOf(word)), word);
        }
        Facts broken = scanner.scan("a\u4e2dbc");
        assertEquals(false, broken.hasWord(scanner.idOf("abc")), "a char above 0xFF breaks a word");
        assertEquals(true, broken.hasWord(scanner.idOf("bc")));
    }

    private static String randomText(Random random, String chars, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(chars.charAt(random.nextInt(chars.length())));
        }
        return text.toString();
    }
}
