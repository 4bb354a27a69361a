package io.caracal.core.internal.proxy;

import java.util.Locale;
import java.util.Set;

import io.caracal.core.internal.config.RouteSpec;
import io.caracal.core.internal.upstream.UpstreamState;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Request;

/** Header rules of a forwarding proxy: hop-by-hop removal and the forwarding headers. */
final class ForwardedHeaders {

    /** Hop-by-hop fields (RFC 9110 section 7.6.1), plus fields the proxy sets itself. */
    private static final Set<HttpHeader> NOT_FORWARDED = Set.of(HttpHeader.CONNECTION, HttpHeader.KEEP_ALIVE,
            HttpHeader.PROXY_CONNECTION, HttpHeader.PROXY_AUTHENTICATE, HttpHeader.PROXY_AUTHORIZATION,
            HttpHeader.TE, HttpHeader.TRAILER, HttpHeader.TRANSFER_ENCODING, HttpHeader.UPGRADE,
            HttpHeader.EXPECT, HttpHeader.HOST);

    static final String PSEUDONYM = "caracal";

    private ForwardedHeaders() {
    }

    /** Whether {@code field} may be copied to the next hop, given the message's Connection tokens. */
    static boolean isEndToEnd(HttpField field, Set<String> connectionTokens) {
        HttpHeader header = field.getHeader();
        if (header != null && NOT_FORWARDED.contains(header)) {
            return false;
        }
        return connectionTokens.isEmpty() || !connectionTokens.contains(field.getLowerCaseName());
    }

    /** The field names listed in the message's Connection header, lower case; usually empty. */
    static Set<String> connectionTokens(HttpFields fields) {
        HttpField connection = fields.getField(HttpHeader.CONNECTION);
        if (connection == null) {
            return Set.of();
        }
        java.util.HashSet<String> tokens = new java.util.HashSet<>();
        for (HttpField field : fields) {
            if (field.getHeader() == HttpHeader.CONNECTION) {
                for (String token : field.getValue().split(",")) {
                    tokens.add(token.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return tokens;
    }

    /** The Via entry for a message received with {@code version}, e.g. {@code 1.1 caracal}. */
    static String viaEntry(HttpVersion version) {
        return switch (version) {
            case HTTP_2 -> "2.0 " + PSEUDONYM;
            case HTTP_3 -> "3.0 " + PSEUDONYM;
            case HTTP_1_0 -> "1.0 " + PSEUDONYM;
            default -> "1.1 " + PSEUDONYM;
        };
    }

    /** Appends {@code value} to a list-valued header, keeping earlier hops' values. */
    static void append(HttpFields.Mutable fields, HttpHeader header, String previous, String value) {
        fields.put(header, previous == null || previous.isEmpty() ? value : previous + ", " + value);
    }

    /** One RFC 7239 forwarded-element: {@code for=…;host=…;proto=…}. */
    static String forwardedElement(String clientAddress, String host, String proto) {
        StringBuilder element = new StringBuilder(64).append("for=");
        if (clientAddress.indexOf(':') >= 0) {
            element.append("\"[").append(clientAddress).append("]\"");
        } else {
            element.append(clientAddress);
        }
        if (host != null && !host.isEmpty()) {
            element.append(";host=");
            appendToken(element, host);
        }
        return element.append(";proto=").append(proto).toString();
    }

    private static void appendToken(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0) || c > 127) {
                out.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                return;
            }
        }
        out.append(value);
    }

    /** Copies the client request's header fields for the upstream and adds the forwarding headers. */
    static void copyRequestHeaders(Request request, HttpFields.Mutable headers,
            RouteSpec route, UpstreamState upstream, String host) {
        HttpFields clientHeaders = request.getHeaders();
        Set<String> connectionTokens = connectionTokens(clientHeaders);
        String xForwardedFor = null;
        String forwarded = null;
        String via = null;
        for (HttpField field : clientHeaders) {
            HttpHeader header = field.getHeader();
            if (header == HttpHeader.X_FORWARDED_FOR) {
                xForwardedFor = xForwardedFor == null ? field.getValue() : xForwardedFor + ", " + field.getValue();
            } else if (header == HttpHeader.FORWARDED) {
                forwarded = forwarded == null ? field.getValue() : forwarded + ", " + field.getValue();
            } else if (header == HttpHeader.VIA) {
                via = via == null ? field.getValue() : via + ", " + field.getValue();
            } else if (header == HttpHeader.X_FORWARDED_PROTO || header == HttpHeader.X_FORWARDED_HOST
                    || header == HttpHeader.X_FORWARDED_PORT) {
                continue; // replaced below with what this proxy saw
            } else if (isEndToEnd(field, connectionTokens)) {
                headers.add(field);
            }
        }
        String clientAddress = Request.getRemoteAddr(request);
        String proto = request.isSecure() ? "https" : "http";
        String originalHost = request.getHttpURI().getAuthority();
        if (originalHost == null) {
            originalHost = host;
        }
        append(headers, HttpHeader.X_FORWARDED_FOR, xForwardedFor, clientAddress);
        headers.put(HttpHeader.X_FORWARDED_PROTO, proto);
        headers.put(HttpHeader.X_FORWARDED_HOST, originalHost);
        headers.put(HttpHeader.X_FORWARDED_PORT, Integer.toString(Request.getLocalPort(request)));
        append(headers, HttpHeader.FORWARDED, forwarded,
                forwardedElement(clientAddress, originalHost, proto));
        append(headers, HttpHeader.VIA, via,
                viaEntry(request.getConnectionMetaData().getHttpVersion()));
        String hostHeader = switch (route.hostHeader()) {
            case RouteSpec.PRESERVE_HOST -> originalHost;
            case RouteSpec.UPSTREAM_HOST -> upstream.id();
            default -> route.hostHeader();
        };
        headers.put(HttpHeader.HOST, hostHeader);
    }

    /** Copies the upstream's response header fields for the client, adding this proxy to Via. */
    static void copyResponseHeaders(org.eclipse.jetty.client.Response upstreamResponse, HttpFields.Mutable headers) {
        HttpFields upstreamHeaders = upstreamResponse.getHeaders();
        Set<String> connectionTokens = connectionTokens(upstreamHeaders);
        String via = null;
        for (HttpField field : upstreamHeaders) {
            if (field.getHeader() == HttpHeader.VIA) {
                via = via == null ? field.getValue() : via + ", " + field.getValue();
            } else if (isEndToEnd(field, connectionTokens)) {
                headers.add(field);
            }
        }
        append(headers, HttpHeader.VIA, via, viaEntry(upstreamResponse.getVersion()));
    }
}
