package io.caracal.core.internal.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The request header fields a response varies on (RFC 9111 section 4.1): lower-case names in a
 * fixed order, so that the selecting values of two requests compare as strings.
 */
final class Vary {

    /** A response without Vary. */
    static final Vary NONE = new Vary(List.of(), false);

    private final List<String> names;
    private final boolean any;

    private Vary(List<String> names, boolean any) {
        this.names = names;
        this.any = any;
    }

    /** The Vary of a response's header fields. */
    static Vary of(HttpFields response) {
        TreeSet<String> names = null;
        for (HttpField field : response) {
            if (field.getHeader() == HttpHeader.VARY) {
                for (String name : field.getValue().split(",")) {
                    String trimmed = name.trim().toLowerCase(Locale.ROOT);
                    if (trimmed.equals("*")) {
                        return new Vary(List.of(), true);
                    }
                    if (!trimmed.isEmpty()) {
                        if (names == null) {
                            names = new TreeSet<>();
                        }
                        names.add(trimmed);
                    }
                }
            }
        }
        return names == null ? NONE : new Vary(List.copyOf(names), false);
    }

    /** Parses the names as kept in a variant marker. */
    static Vary ofNames(String names) {
        HttpFields.Mutable fields = HttpFields.build();
        fields.add(HttpHeader.VARY, names);
        return of(fields);
    }

    /** {@code Vary: *}: no later request can be said to match (section 4.1). */
    boolean any() {
        return any;
    }

    boolean isEmpty() {
        return names.isEmpty() && !any;
    }

    List<String> names() {
        return names;
    }

    String joinedNames() {
        return String.join(", ", names);
    }

    /**
     * The request's values of the selecting fields, normalized ({@link CacheKey#headerValue}) and
     * encoded: {@code accept-encoding=gzip&accept-language}, where a bare name is an absent field.
     */
    String values(HttpFields request) {
        List<String> parts = new ArrayList<>(names.size());
        for (String name : names) {
            String value = CacheKey.headerValue(request, name);
            String normalized = value == null ? null
                    : name.equals("accept-encoding") ? value.toLowerCase(Locale.ROOT) : value;
            parts.add(normalized == null ? name : name + '=' + CacheKey.encode(normalized, true));
        }
        return String.join("&", parts);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Vary vary && vary.any == any && vary.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode() * 31 + (any ? 1 : 0);
    }

    @Override
    public String toString() {
        return any ? "*" : joinedNames();
    }
}
