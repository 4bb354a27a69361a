package io.caracal.waf.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A text with {@code %{collection.key}} references ({@code %{tx.anomaly_score}},
 * {@code %{MATCHED_VAR}}, {@code %{rule.id}}), parsed once and expanded per request.
 */
final class Macro {

    private static final Macro EMPTY = new Macro("", List.of());

    private final String text;
    /** Literal strings and {@link Reference}s, in order; null when the text has no reference. */
    private final List<Object> parts;

    private Macro(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
    }

    record Reference(String collection, String key) {
    }

    /** Macros operators expand per request ({@code @within %{tx.allowed_methods}}), parsed once. */
    private static final java.util.concurrent.ConcurrentHashMap<String, Macro> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PARSED_LIMIT = 4096;

    /** Like {@link #parse}, remembering the result: for texts that come from rules, not from requests. */
    static Macro parseCached(String text) {
        Macro macro = PARSED.get(text);
        if (macro == null) {
            macro = parse(text);
            if (PARSED.size() < PARSED_LIMIT) {
                PARSED.put(text, macro);
            }
        }
        return macro;
    }

    static Macro parse(String text) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        if (!text.contains("%{")) {
            return new Macro(text, null);
        }
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("%{", i);
            int end = start < 0 ? -1 : text.indexOf('}', start + 2);
            if (start < 0 || end < 0) {
                parts.add(text.substring(i));
                break;
            }
            if (start > i) {
                parts.add(text.substring(i, start));
            }
            String name = text.substring(start + 2, end).strip();
            int dot = name.indexOf('.');
            int colon = name.indexOf(':');
            int split = dot < 0 ? colon : colon < 0 ? dot : Math.min(dot, colon);
            if (split < 0) {
                parts.add(new Reference(name.toUpperCase(Locale.ROOT), null));
            } else {
                parts.add(new Reference(name.substring(0, split).toUpperCase(Locale.ROOT),
                        name.substring(split + 1).toLowerCase(Locale.ROOT).intern()));
            }
            i = end + 1;
        }
        return new Macro(text, parts);
    }

    boolean isConstant() {
        return parts == null;
    }

    String expand(Transaction transaction) {
        if (parts == null) {
            return text;
        }
        if (parts.size() == 1 && parts.get(0) instanceof Reference only) {
            // %{tx.critical_anomaly_score} and the like, the common case: no copy
            String value = transaction.macroValue(only.collection(), only.key());
            return value == null ? "" : value;
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Reference reference) {
                String value = transaction.macroValue(reference.collection(), reference.key());
                if (value != null) {
                    out.append(value);
                }
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
