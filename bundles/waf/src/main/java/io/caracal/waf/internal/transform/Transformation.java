package io.caracal.waf.internal.transform;

/**
 * One ModSecurity transformation function ({@code t:name}).
 *
 * <p>Values are byte strings: every char is one byte (0-255). Implementations never throw on
 * input; encodings they cannot decode are left as they are. When the value does not change,
 * the very same {@code String} instance is returned so callers can skip further work.
 */
@FunctionalInterface
public interface Transformation {

    String apply(String input);
}
