package io.caracal.waf.internal.operator;

/**
 * An operator argument that may contain macros ({@code %{tx.name}}). Without a macro it is a
 * constant; with one it is expanded through the {@link MatchContext} on every call.
 */
final class ExpandableArgument {

    private final String text;
    private final boolean hasMacro;

    ExpandableArgument(String text) {
        this.text = text;
        this.hasMacro = containsMacro(text);
    }

    static boolean containsMacro(String text) {
        int start = text.indexOf("%{");
        return start >= 0 && text.indexOf('}', start + 2) > start + 2;
    }

    boolean hasMacro() {
        return hasMacro;
    }

    /** The argument as written in the rule. */
    String text() {
        return text;
    }

    String resolve(MatchContext context) {
        return hasMacro ? context.expand(text) : text;
    }
}
