package io.caracal.waf.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TransformationsTest {

    @Test
    void namesAreCaseInsensitive() {
        assertSame(Transformations.byName("lowercase"), Transformations.byName("LowerCase"));
        assertSame(Transformations.byName("urlDecodeUni"), Transformations.byName("URLDECODEUNI"));
    }

    @Test
    void britishAndAmericanSpellingsAreTheSameFunction() {
        assertSame(Transformations.byName("normalisePath"), Transformations.byName("normalizePath"));
        assertSame(Transformations.byName("normalisePathWin"), Transformations.byName("normalizePathWin"));
    }

    @Test
    void unknownNameIsRejectedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transformations.byName("xyz"));
        assertEquals("unknown transformation 't:xyz'", e.getMessage());
    }

    @Test
    void noneIsTheIdentity() {
        String value = "A%20b";
        assertSame(value, Transformations.byName("none").apply(value));
    }

    @Test
    void everyFunctionSurvivesArbitraryBytes() {
        Random random = new Random(42);
        for (String name : Transformations.names()) {
            Transformation t = Transformations.byName(name);
            for (int round = 0; round < 300; round++) {
                StringBuilder input = new StringBuilder();
                int length = random.nextInt(40);
                for (int i = 0; i < length; i++) {
                    // Bias towards the characters the decoders care about.
                    input.append(random.nextInt(3) == 0 ? "%&#\\/*-+0xuU;<!>.'\" \t\n".charAt(random.nextInt(22)) : (char) random.nextInt(256));
                }
                String output = t.apply(input.toString());
                for (char c : output.toCharArray()) {
                    assertTrue(c <= 0xFF, "t:" + name + " produced a char above 0xFF");
                }
            }
        }
    }
}
