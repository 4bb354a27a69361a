package io.caracal.core.internal.cache;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The directives of a message's Cache-Control fields (RFC 9111 section 5.2): names are
 * case-insensitive, arguments are tokens or quoted strings. Where a directive appears twice the
 * first occurrence counts (section 4.2.1).
 */
public final class CacheControl {

    static final CacheControl NONE = new CacheControl(Map.of());

    /**
     * The largest delta-seconds value used; larger ones (and overflows) are taken as this
     * (RFC 9111 section 1.2.2).
     */
    static final long MAX_DELTA_SECONDS = 2_147_483_648L;

    /** Directive name (lower case) to its argument, or to "" when it has none. */
    private final Map<String, String> directives;

    private CacheControl(Map<String, String> directives) {
        this.directives = directives;
    }

    /** The directives of every Cache-Control field line of {@code fields}. */
    static CacheControl of(HttpFields fields) {
        Map<String, String> directives = null;
        for (HttpField field : fields) {
            if (field.getHeader() == HttpHeader.CACHE_CONTROL) {
                if (directives == null) {
                    directives = new HashMap<>();
                }
                parse(field.getValue(), directives);
            }
        }
        return directives == null ? NONE : new CacheControl(directives);
    }

    /**
     * A request's directives, with {@code Pragma: no-cache} taken as {@code no-cache} when the
     * request has no Cache-Control field (HTTP/1.0 clients; RFC 7234 section 5.4).
     */
    static CacheControl ofRequest(HttpFields fields) {
        CacheControl control = of(fields);
        if (control == NONE) {
            String pragma = fields.get(HttpHeader.PRAGMA);
            if (pragma != null && pragma.toLowerCase(Locale.ROOT).contains("no-cache")) {
                return new CacheControl(Map.of("no-cache", ""));
            }
        }
        return control;
    }

    /** Parses one field value: {@code name[=token|"quoted"]} separated by commas. */
    static CacheControl parse(String value) {
        Map<String, String> directives = new HashMap<>();
        parse(value, directives);
        return new CacheControl(directives);
    }

    private static void parse(String value, Map<String, String> into) {
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && (value.charAt(i) == ',' || value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && value.charAt(i) != '=' && value.charAt(i) != ',') {
                i++;
            }
            String name = value.substring(start, i).trim().toLowerCase(Locale.ROOT);
            String argument = "";
            if (i < n && value.charAt(i) == '=') {
                i++;
                while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                    i++;
                }
                if (i < n && value.charAt(i) == '"') {
                    StringBuilder quoted = new StringBuilder();
                    i++;
                    while (i < n && value.charAt(i) != '"') {
                        if (value.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        quoted.append(value.charAt(i++));
                    }
                    i++; // the closing quote
                    argument = quoted.toString();
                    while (i < n && value.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    int argumentStart = i;
                    while (i < n && value.charAt(i) != ',') {
                        i++;
                    }
                    argument = value.substring(argumentStart, i).trim();
                }
            }
            if (!name.isEmpty()) {
                into.putIfAbsent(name, argument);
            }
        }
    }

    boolean has(String directive) {
        return directives.containsKey(directive);
    }

    /**
     * A delta-seconds argument: -1 when the directive is absent, 0 when its argument is not a
     * non-negative whole number (a stale reading is the safe one), capped at {@link #MAX_DELTA_SECONDS}.
     */
    long seconds(String directive) {
        String argument = directives.get(directive);
        if (argument == null) {
            return -1;
        }
        return deltaSeconds(argument);
    }

    static long deltaSeconds(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return text.isEmpty() || !text.chars().allMatch(Character::isDigit) ? 0 : MAX_DELTA_SECONDS;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return 0;
            }
        }
        return Math.min(Long.parseLong(text), MAX_DELTA_SECONDS);
    }

    /** Whether the directive is present without an argument, as max-stale may be. */
    boolean hasNoArgument(String directive) {
        return "".equals(directives.get(directive));
    }

    @Override
    public String toString() {
        return directives.toString();
    }
}
