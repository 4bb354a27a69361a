package io.caracal.waf.internal.engine;

import java.util.Objects;

/**
 * One value a variable yields: {@code ARGS:q} = {@code "1 or 1=1"}. Values are byte strings (one
 * char per byte).
 */
public final class VarValue {

    private final String collection;
    private final String key;
    private final String value;
    /**
     * The value's memo, once a rule looked it up: a request's variables are selected again and
     * again by the rules, and the field saves a lookup each time. A memo names the plan it belongs
     * to, so a value that reaches another plan looks its memo up again.
     */
    ValueMemo memo;

    /**
     * @param collection the variable's name, such as {@code ARGS}
     * @param key the key within a collection, or null for a single-valued variable
     * @param value the value
     */
    public VarValue(String collection, String key, String value) {
        this.collection = collection;
        this.key = key;
        this.value = value;
    }

    /** The variable's name, such as {@code ARGS}. */
    public String collection() {
        return collection;
    }

    /** The key within a collection, or null for a single-valued variable. */
    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    /** The full name, as {@code MATCHED_VAR_NAME} shows it: {@code ARGS:q}. */
    public String name() {
        return key == null ? collection : collection + ":" + key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VarValue v && Objects.equals(collection, v.collection) && Objects.equals(key, v.key)
                && Objects.equals(value, v.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(collection, key, value);
    }

    @Override
    public String toString() {
        return "VarValue[collection=" + collection + ", key=" + key + ", value=" + value + "]";
    }
}
