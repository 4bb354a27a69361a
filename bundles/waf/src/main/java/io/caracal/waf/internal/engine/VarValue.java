package io.caracal.waf.internal.engine;

/**
 * One value a variable yields: {@code ARGS:q} = {@code "1 or 1=1"}. Values are byte strings (one
 * char per byte).
 *
 * @param collection the variable's name, such as {@code ARGS}
 * @param key the key within a collection, or null for a single-valued variable
 * @param value the value
 */
public record VarValue(String collection, String key, String value) {

    /** The full name, as {@code MATCHED_VAR_NAME} shows it: {@code ARGS:q}. */
    public String name() {
        return key == null ? collection : collection + ":" + key;
    }
}
