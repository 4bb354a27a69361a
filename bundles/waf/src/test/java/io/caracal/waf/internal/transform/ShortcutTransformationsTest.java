package io.caracal.waf.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/** The transformations that first check whether they would change a value answer as their whole rewrite does. */
class ShortcutTransformationsTest {

    /** Every char the transformations treat specially, some plain ones and a char above 0xFF. */
    private static final String CHARS = "aZ09./\\\\\"'^ ,;\t\r\n\u000b\f\u00a0-_#*()%\u4e2d";

    private static void assertShortcutAgrees(Transformation transformation, UnaryOperator<String> rewrite) {
        Random random = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(9);
            for (int i = 0; i < length; i++) {
                value.append(CHARS.charAt(random.nextInt(CHARS.length())));
            }
            String input = value.toString();
            assertEquals(rewrite.apply(input), transformation.apply(input), "'" + input + "'");
        }
    }

    @Test
    void cmdLine() {
        assertShortcutAgrees(CmdLine.INSTANCE, CmdLine.INSTANCE::rewrite);
        String token = "8f3c2a9e4b7d41f0.ga1-2_x/y(z)";
        assertSame(token, CmdLine.INSTANCE.apply(token));
    }

    @Test
    void compressWhitespace() {
        assertShortcutAgrees(CompressWhitespace.INSTANCE, CompressWhitespace.INSTANCE::rewrite);
        String words = "one two three";
        assertSame(words, CompressWhitespace.INSTANCE.apply(words));
    }

    @Test
    void normalizePath() {
        for (NormalizePath flavour : NormalizePath.values()) {
            assertShortcutAgrees(flavour, flavour::rewrite);
        }
        for (String path : List.of("/waf/products", "products", "/", "a/b/", "..", "GA1.2.3")) {
            assertSame(path, NormalizePath.UNIX.apply(path), path);
        }
    }
}
