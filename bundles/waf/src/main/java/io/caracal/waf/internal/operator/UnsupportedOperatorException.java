package io.caracal.waf.internal.operator;

/**
 * Thrown by {@link Operators#create} for a real ModSecurity operator that this engine does not
 * implement (for instance {@code @rbl} or {@code @geoLookup}), so that the rule set can still be
 * loaded with such rules reported and treated as never matching.
 */
public class UnsupportedOperatorException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String operatorName;

    public UnsupportedOperatorException(String operatorName) {
        super("operator '@" + operatorName + "' is not supported");
        this.operatorName = operatorName;
    }

    public String operatorName() {
        return operatorName;
    }
}
