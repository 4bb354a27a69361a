package io.caracal.waf.internal.seclang;

import java.util.List;

/**
 * One directive of a rule file, its arguments unquoted.
 *
 * @param name the directive, such as {@code SecRule}
 * @param arguments its arguments, quotes removed and escaped quotes resolved
 * @param file the rule file it comes from
 * @param line the line it starts on (1-based)
 */
public record Directive(String name, List<String> arguments, String file, int line) {

    public Directive {
        arguments = List.copyOf(arguments);
    }

    /** Where this directive is, for error messages: {@code file:line}. */
    public String location() {
        return file + ":" + line;
    }
}
