package io.caracal.waf.internal.seclang;

/** A rule file that cannot be loaded; the message names the file and line. */
public final class RuleSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    public RuleSyntaxException(String location, String message) {
        super(location + ": " + message);
    }
}
