package io.caracal.waf.internal.operator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.caracal.waf.internal.prefilter.Condition;
import io.caracal.waf.internal.prefilter.LiteralScanner;
import org.junit.jupiter.api.Test;

/** The prefilter conditions of the operators other than @rx: sound on random byte strings, and useful. */
class OperatorConditionsTest {

    private static final Map<String, Operator> OPERATORS = Map.of(
            "validateByteRange 1-255", new ValidateByteRangeOperator("1-255"),
            "validateByteRange 32-126", new ValidateByteRangeOperator("9,10,13,32-126"),
            "validateByteRange A-Z", new ValidateByteRangeOperator("0-64,91-255"),
            "validateUtf8Encoding", new ValidateUtf8EncodingOperator(),
            "validateUrlEncoding", new ValidateUrlEncodingOperator(),
            "pm", new PmOperator(List.of("Union Select", "<script", "\u00e9t\u00e9", "x")));

    @Test
    void neverRuleOutAnInputTheOperatorMatches() {
        Random random = new Random(3);
        String alphabet = "aAzZ%2fG<>'\" \u0000\u0001\t\u007f\u0080\u00c3\u00a9\u00e9\u00ff\u0130";
        for (Map.Entry<String, Operator> entry : OPERATORS.entrySet()) {
            Operator operator = entry.getValue();
            Set<String> words = new LinkedHashSet<>();
            Condition.words(operator.condition(), words);
            LiteralScanner scanner = LiteralScanner.of(words);
            Condition condition = Condition.bind(operator.condition(), scanner);
            int matched = 0;
            for (int i = 0; i < 20_000; i++) {
                StringBuilder value = new StringBuilder();
                for (int k = random.nextInt(8); k > 0; k--) {
                    value.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                if (random.nextInt(4) == 0) {
                    value.append(random.nextBoolean() ? "UNION select" : "\u00e9T\u00e9");
                }
                String input = value.toString();
                if (operator.matches(input, new FakeMatchContext(false))) {
                    matched++;
                    assertTrue(condition.test(scanner.scan(input)), entry.getKey() + " matches '" + input + "'");
                }
            }
            assertTrue(matched > 100, entry.getKey() + ": too few matches tried");
        }
    }

    @Test
    void ordinaryTextIsRuledOut() {
        assertFalse(admits(new ValidateUtf8EncodingOperator(), "plain ascii, any length"));
        assertFalse(admits(new ValidateUrlEncodingOperator(), "no escapes here"));
        assertFalse(admits(new ValidateByteRangeOperator("1-255"), "no NUL byte"));
        assertTrue(admits(new ValidateByteRangeOperator("1-255"), "a NUL\u0000byte"));
        assertTrue(admits(new ValidateUtf8EncodingOperator(), "caf\u00c3\u00a9"));
    }

    private static boolean admits(Operator operator, String input) {
        Set<String> words = new LinkedHashSet<>();
        Condition.words(operator.condition(), words);
        LiteralScanner scanner = LiteralScanner.of(words);
        return Condition.bind(operator.condition(), scanner).test(scanner.scan(input));
    }
}
