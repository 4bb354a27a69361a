package io.caracal.waf.internal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorsTest {

    static final DataFiles NO_FILES = name -> {
        throw new java.io.FileNotFoundException(name);
    };

    static Operator op(String name, String argument) {
        return Operators.create(name, argument, NO_FILES);
    }

    @Test
    void namesAreCaseInsensitive() {
        assertTrue(op("BeginsWith", "ab").matches("abc", FakeMatchContext.plain()));
        assertTrue(op("RX", "b").matches("abc", FakeMatchContext.plain()));
    }

    @Test
    void unsupportedOperatorsAreReportedDistinctly() {
        for (String name : List.of("rbl", "geoLookup", "inspectFile", "fuzzyHash", "validateDTD", "validateSchema",
                "gsbLookup", "validateHash", "verifyCPF", "verifySSN", "verifySVNR", "rsub")) {
            UnsupportedOperatorException e = assertThrows(UnsupportedOperatorException.class, () -> op(name, "x"));
            assertEquals(name, e.operatorName());
        }
    }

    @Test
    void unknownOperatorIsAPlainArgumentError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op("frobnicate", "x"));
        assertFalse(e instanceof UnsupportedOperatorException);
        assertEquals("unknown operator '@frobnicate'", e.getMessage());
    }

    @Test
    void unconditionalMatchAndNoMatch() {
        assertTrue(op("unconditionalMatch", "").matches("", FakeMatchContext.plain()));
        assertFalse(op("noMatch", "").matches("anything", FakeMatchContext.plain()));
    }

    @Test
    void detectSqliCapturesTheFingerprint() {
        FakeMatchContext context = FakeMatchContext.withCapture();
        assertTrue(op("detectSQLi", "").matches("1' or '1'='1", context));
        // TX.0 is the detector's fingerprint of the injection.
        assertEquals(io.caracal.waf.internal.detect.SqlInjectionDetector.fingerprint("1' or '1'='1"), context.captures.get(0));
        assertFalse(op("detectSQLi", "").matches("hello", FakeMatchContext.plain()));
    }

    @Test
    void detectXss() {
        assertTrue(op("detectXSS", "").matches("<script>alert(1)</script>", FakeMatchContext.plain()));
        assertFalse(op("detectXSS", "").matches("hello", FakeMatchContext.plain()));
    }
}
