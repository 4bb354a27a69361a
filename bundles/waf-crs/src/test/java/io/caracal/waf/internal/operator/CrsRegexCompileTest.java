package io.caracal.waf.internal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every @rx / !@rx argument in the CRS rule files must compile. */
class CrsRegexCompileTest {

    @Test
    void everyCrsRegexCompiles() {
        List<SecRuleReader.RuleOperator> regexes = new ArrayList<>();
        for (SecRuleReader.RuleOperator op : CrsRules.operators()) {
            if (op.name().equalsIgnoreCase("rx")) {
                regexes.add(op);
            }
        }
        assertTrue(regexes.size() >= 250, "expected the CRS 3.3 rule files to hold at least 250 @rx operators, found " + regexes.size());

        List<String> failures = new ArrayList<>();
        for (SecRuleReader.RuleOperator op : regexes) {
            try {
                Operators.create(op.name(), op.argument(), CrsRules.dataFiles());
            } catch (IllegalArgumentException e) {
                failures.add(op + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
    }
}
