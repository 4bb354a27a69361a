package io.caracal.waf.internal.seclang;

/**
 * One item of a rule's variable list, such as {@code ARGS}, {@code !REQUEST_COOKIES:/^__utm/},
 * {@code &TX:paranoia_level} or {@code XML:/*}.
 *
 * @param collection the variable or collection name, upper case
 * @param key the selector after the colon: a name, or a regular expression when {@code regex}; null
 *     for the whole collection
 * @param regex whether {@code key} is a regular expression ({@code /.../})
 * @param exclusion whether this item removes values from the others ({@code !})
 * @param count whether the rule sees the number of values instead ({@code &})
 */
public record VariableSpec(String collection, String key, boolean regex, boolean exclusion, boolean count) {

    @Override
    public String toString() {
        return (exclusion ? "!" : "") + (count ? "&" : "") + collection
                + (key == null ? "" : ":" + (regex ? "/" + key + "/" : key));
    }
}
