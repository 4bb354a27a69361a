package io.caracal.waf.internal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every operator used by the CRS rules can be created, data files included; only known ones are unsupported. */
class CrsOperatorsLoadTest {

    @Test
    void everyCrsOperatorLoads() {
        List<String> failures = new ArrayList<>();
        Set<String> unsupported = new TreeSet<>();
        for (SecRuleReader.RuleOperator op : CrsRules.operators()) {
            try {
                Operators.create(op.name(), op.argument(), CrsRules.dataFiles());
            } catch (UnsupportedOperatorException e) {
                unsupported.add(op.name());
            } catch (IllegalArgumentException e) {
                failures.add(op + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(Set.of("geoLookup", "rbl"), unsupported);
    }
}
