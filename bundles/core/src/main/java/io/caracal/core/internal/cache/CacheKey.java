package io.caracal.core.internal.cache;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import io.caracal.core.internal.config.CacheSpec;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Store keys. A response is keyed by its route and URL, plus the request parts the route's
 * {@code cache.key} names:
 *
 * <pre>
 * &lt;route&gt; SP &lt;scheme://host[:port]/path?query&gt; [SP &lt;extra parts&gt;] [SP v&lt;generation&gt;:&lt;vary values&gt;]
 * </pre>
 *
 * URLs hold no spaces, and the route name and every value are percent-encoded where they could,
 * so {@code "<route> "} prefixes exactly a route's entries, {@code "<route> <url prefix>"} the
 * entries under a URL prefix, and {@code "<route> <url> "} the extra-part variants and Vary
 * variants of one URL: purges are store prefix purges.
 */
public final class CacheKey {

    private CacheKey() {
    }

    /** The prefix of every key of a route. */
    public static String routePrefix(String route) {
        return encode(route, false) + ' ';
    }

    /** {@code scheme://host[:port]/path?query}, with default ports left out (RFC 9110 section 4.2.3). */
    static String url(String scheme, String host, int port, String pathQuery) {
        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        StringBuilder url = new StringBuilder(lowerScheme.length() + host.length() + pathQuery.length() + 10)
                .append(lowerScheme).append("://").append(host.toLowerCase(Locale.ROOT));
        if (port > 0 && !(port == 80 && lowerScheme.equals("http")) && !(port == 443 && lowerScheme.equals("https"))) {
            url.append(':').append(port);
        }
        if (!pathQuery.startsWith("/")) {
            url.append('/');
        }
        // Request targets hold no spaces; keep keys unambiguous should one slip through.
        return url.append(pathQuery.indexOf(' ') < 0 ? pathQuery : pathQuery.replace(" ", "%20")).toString();
    }

    private static final java.util.regex.Pattern URL_PREFIX =
            java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/:?#]*)(?::([0-9]+))?([/?].*)?", java.util.regex.Pattern.DOTALL);

    /**
     * A URL prefix normalized as {@link #url} normalizes URLs (lower-case scheme and host, no
     * default port), so that it prefixes the keys of the URLs it names. A prefix that ends in a
     * default port stands for that host's URLs: it becomes {@code scheme://host/}. Anything else
     * (a partial scheme or host) is left as it is.
     */
    public static String urlPrefix(String prefix) {
        if (prefix == null) {
            return null;
        }
        java.util.regex.Matcher m = URL_PREFIX.matcher(prefix);
        if (!m.matches()) {
            return prefix;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String port = m.group(3);
        String rest = m.group(4) == null ? "" : m.group(4);
        StringBuilder out = new StringBuilder(prefix.length()).append(scheme).append("://")
                .append(m.group(2).toLowerCase(Locale.ROOT));
        if (port != null) {
            boolean defaultPort = (scheme.equals("http") && port.equals("80")) || (scheme.equals("https") && port.equals("443"));
            if (defaultPort) {
                return out.append(rest.isEmpty() ? "/" : rest.startsWith("/") ? rest : "/" + rest).toString();
            }
            out.append(':').append(port);
        }
        return out.append(rest.startsWith("?") ? "/" + rest : rest).toString();
    }

    /** The key of a request's response before any Vary selection. */
    static String primary(String route, String url, List<CacheSpec.KeyPart> parts, HttpFields request) {
        String base = routePrefix(route) + url;
        if (parts.isEmpty()) {
            return base;
        }
        StringBuilder key = new StringBuilder(base).append(' ');
        for (int i = 0; i < parts.size(); i++) {
            CacheSpec.KeyPart part = parts.get(i);
            if (i > 0) {
                key.append('&');
            }
            key.append(part.cookie() ? "c:" : "h:").append(encode(part.name(), true));
            String value = part.cookie() ? cookie(request, part.name()) : headerValue(request, part.name());
            if (value != null) {
                key.append('=').append(encode(value, true));
            }
        }
        return key.toString();
    }

    /** The key of one variant of a response that has Vary (RFC 9111 section 4.1). */
    static String variant(String primary, String generation, String varyValues) {
        return primary + " v" + generation + ':' + varyValues;
    }

    /** A request header's value for keys: its field lines joined, list members trimmed. */
    static String headerValue(HttpFields request, String name) {
        StringBuilder value = null;
        for (HttpField field : request) {
            if (field.is(name)) {
                if (value == null) {
                    value = new StringBuilder();
                } else {
                    value.append(',');
                }
                value.append(field.getValue());
            }
        }
        if (value == null) {
            return null;
        }
        // Whitespace around list separators carries no meaning (RFC 9111 section 4.1 allows normalizing).
        String[] members = value.toString().split(",", -1);
        StringBuilder normalized = new StringBuilder(value.length());
        for (int i = 0; i < members.length; i++) {
            if (i > 0) {
                normalized.append(',');
            }
            normalized.append(members[i].trim());
        }
        return normalized.toString();
    }

    private static String cookie(HttpFields request, String name) {
        for (HttpField field : request) {
            if (field.getHeader() == HttpHeader.COOKIE) {
                for (String pair : field.getValue().split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                        return pair.substring(eq + 1).trim();
                    }
                }
            }
        }
        return null;
    }

    /**
     * Percent-encodes '%', spaces, controls and non-ASCII, and with {@code value} also the
     * separators '&', '=' and ':' that structure the key's parts.
     */
    static String encode(String text, boolean value) {
        boolean plain = true;
        for (int i = 0; i < text.length() && plain; i++) {
            plain = !needsEncoding(text.charAt(i), value);
        }
        if (plain) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (needsEncoding(c, value)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean needsEncoding(char c, boolean value) {
        return c <= ' ' || c >= 0x7f || c == '%' || (value && (c == '&' || c == '=' || c == ':'));
    }
}
