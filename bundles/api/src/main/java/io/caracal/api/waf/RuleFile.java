package io.caracal.api.waf;

import java.util.Objects;

/**
 * One file of a rule set.
 *
 * @param name where the rules come from (a path or a bundle entry), named in load errors and in the
 *     match log
 * @param content the rules, in the ModSecurity rule language
 */
public record RuleFile(String name, String content) {

    public RuleFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
