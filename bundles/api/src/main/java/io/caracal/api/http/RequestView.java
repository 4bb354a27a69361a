package io.caracal.api.http;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A read-only view of an incoming client request, as the proxy received it (before any header
 * rewriting for the upstream). Plugins must not keep a reference to it after the call returns.
 */
@ProviderType
public interface RequestView {

    /**
     * The request attribute in which a listener stores the client address it resolved from a
     * trusted proxy's {@code X-Forwarded-For}; {@link #clientAddress()} returns it when present.
     */
    String CLIENT_ADDRESS_ATTRIBUTE = "io.caracal.client.address";

    /** The request attribute in which the core names the route that served a request (for access logs). */
    String ROUTE_ATTRIBUTE = "io.caracal.route";

    /** The request attribute in which the core names the request's cluster (for access logs). */
    String CLUSTER_ATTRIBUTE = "io.caracal.cluster";

    /** The request attribute in which the core names the last upstream tried, {@code host:port} (for access logs). */
    String UPSTREAM_ATTRIBUTE = "io.caracal.upstream";

    /** The request method, upper case, for example {@code GET}. */
    String method();

    /** {@code http} or {@code https}: the scheme the client used to reach the proxy. */
    String scheme();

    /** The host the client asked for, without port, lower case. */
    String host();

    /** The decoded-free path as sent by the client, starting with {@code /}. */
    String path();

    /** The raw query string without {@code ?}, or {@code null} if there is none. */
    String query();

    /** The first value of the named header, or {@code null}. Names are case-insensitive. */
    String header(String name);

    /** All values of the named header, in order; empty if absent. */
    List<String> headers(String name);

    /**
     * The client's IP address: the peer that connected to the proxy or, when the listener trusts
     * that peer as a proxy ({@code trusted.proxies}), the address it forwarded in
     * {@code X-Forwarded-For}. Access control and rate limits key on this.
     */
    String clientAddress();

    /** The IP address of the peer that connected to the proxy (a trusted proxy, or the client itself). */
    default String peerAddress() {
        return clientAddress();
    }

    /** The port of the peer that connected to the proxy. */
    int clientPort();

    /**
     * Every header field in the order received, repeated fields repeated: what a WAF rule set
     * matches against. Names are as the client sent them (HTTP/2 sends them in lower case), but
     * well-known names may come in their usual spelling ({@code content-length} as
     * {@code Content-Length}: the HTTP/1 parser shares those fields). Empty when the provider of
     * this view does not know them.
     */
    default List<Map.Entry<String, String>> headerFields() {
        return List.of();
    }

    /**
     * The protocol of the request as sent in a request line: {@code HTTP/1.0}, {@code HTTP/1.1},
     * {@code HTTP/2.0}, {@code HTTP/3.0}; {@code null} when unknown.
     */
    default String protocol() {
        return null;
    }

    /**
     * The local port the request arrived on (the listener's, not the one in the {@code Host}
     * header); -1 when unknown.
     */
    default int serverPort() {
        return -1;
    }
}
