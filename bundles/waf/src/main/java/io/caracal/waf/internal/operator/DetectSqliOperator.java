package io.caracal.waf.internal.operator;

import io.caracal.waf.internal.detect.SqlInjectionDetector;

/** {@code @detectSQLi}: libinjection-style SQL injection detection; captures the fingerprint as TX.0. */
final class DetectSqliOperator implements Operator {

    @Override
    public boolean matches(String input, MatchContext context) {
        String fingerprint = SqlInjectionDetector.fingerprint(input);
        if (fingerprint == null) {
            return false;
        }
        if (context.capturing()) {
            context.capture(0, fingerprint);
        }
        return true;
    }
}
