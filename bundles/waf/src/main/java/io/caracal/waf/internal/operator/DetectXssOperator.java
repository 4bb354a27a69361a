package io.caracal.waf.internal.operator;

import io.caracal.waf.internal.detect.XssDetector;

/** {@code @detectXSS}: libinjection-style cross-site scripting detection. */
final class DetectXssOperator implements Operator {

    @Override
    public boolean matches(String input, MatchContext context) {
        return XssDetector.isXss(input);
    }
}
