package io.caracal.console.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Refuses state-changing requests that a browser sent on behalf of another site. The Felix Web
 * Console has no CSRF protection of its own, and a logged-in browser resends Basic credentials to
 * the admin port for any page that posts there.
 *
 * <p>Rule: a POST, PUT, PATCH or DELETE is refused when {@code Sec-Fetch-Site} says
 * {@code cross-site} or {@code same-site}, or when its {@code Origin} (or, lacking that, its
 * {@code Referer}) is not the origin the request was addressed to. Requests without any of these
 * headers (curl, scripts, Prometheus) are not browser-driven and pass.
 */
final class CsrfGuard {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private CsrfGuard() {
    }

    /** Why the request is refused, or null when it may proceed. */
    static String refusal(HttpServletRequest request) {
        if (SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
            return null;
        }
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null) {
            String site = fetchSite.strip().toLowerCase(Locale.ROOT);
            if (site.equals("cross-site") || site.equals("same-site")) {
                return "cross-site request refused (Sec-Fetch-Site: " + site + ")";
            }
        }
        String origin = request.getHeader("Origin");
        String source = "Origin";
        if (origin == null) {
            origin = request.getHeader("Referer");
            source = "Referer";
        }
        if (origin == null) {
            return null;
        }
        String claimed = originOf(origin);
        String own = ownOrigin(request);
        if (claimed == null || !claimed.equals(own)) {
            return "cross-origin request refused (" + source + " is not " + own + ")";
        }
        return null;
    }

    /** The origin the request was addressed to: its scheme and Host header. */
    static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        String host = request.getHeader("Host");
        if (host == null || host.isBlank()) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        String normalized = originOf(scheme + "://" + host.strip());
        return normalized == null ? scheme + "://" + host.strip() : normalized;
    }

    /** {@code scheme://host:port} of a URL, with the default port made explicit; null if unusable ("null" too). */
    static String originOf(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            if (port < 0) {
                port = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            }
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
