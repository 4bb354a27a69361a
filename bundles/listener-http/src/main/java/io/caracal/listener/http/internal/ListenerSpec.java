package io.caracal.listener.http.internal;

import java.nio.file.Path;
import java.util.Map;

import io.caracal.api.config.ConfigReader;

/**
 * A validated listener configuration.
 *
 * @param name unique listener name
 * @param host bind address; {@code 0.0.0.0} for all IPv4 interfaces, {@code ::} for all
 * @param port TCP port; 0 picks a free one (tests)
 * @param h2c whether cleartext HTTP/2 is accepted (prior knowledge and Upgrade)
 * @param maxHeaderSize largest request header block in bytes; larger gets 431
 * @param maxBodySize largest request body in bytes, -1 for no limit; larger gets 413
 * @param idleTimeoutMillis how long a client connection may stay silent
 * @param maxConnections open client connections at most; further ones wait in the accept queue
 * @param maxThreads worker threads of this listener
 * @param stopTimeoutMillis how long a stop waits for in-flight requests
 * @param tlsContext name of the TLS context that makes this an HTTPS listener, or null for plain HTTP
 * @param redirectHttpsPort when not 0, every request is redirected (308) to HTTPS on this port
 * @param hstsMaxAgeSeconds when not 0 on an HTTPS listener, responses carry Strict-Transport-Security
 * @param hstsIncludeSubdomains whether the HSTS header covers subdomains
 * @param clientCertHeader header that carries the client certificate's subject to upstreams, or null
 * @param trustedProxies peers whose X-Forwarded-For names the client
 * @param maxConnectionsPerIp open connections per peer IP at most, 0 for no limit
 * @param connectionRequestRate requests per second per connection, 0 for no limit; more get 429
 * @param connectionRequestBurst requests a connection may send at once before the rate applies
 * @param requestHeaderTimeoutMillis time a client has to send a complete request header, 0 for no limit
 * @param requestBodyTimeoutMillis longest wait for the next piece of a request body, 0 for no limit
 * @param accessLog the access log's format, file and retention
 * @param healthPath the path the listener answers itself as a health check, or null for none
 * @param source where the configuration came from
 */
public record ListenerSpec(String name, String host, int port, boolean h2c, int maxHeaderSize, long maxBodySize,
        long idleTimeoutMillis, int maxConnections, int maxThreads, long stopTimeoutMillis, String tlsContext,
        int redirectHttpsPort, long hstsMaxAgeSeconds, boolean hstsIncludeSubdomains, String clientCertHeader,
        TrustedProxies trustedProxies, int maxConnectionsPerIp, int connectionRequestRate,
        int connectionRequestBurst, long requestHeaderTimeoutMillis, long requestBodyTimeoutMillis,
        AccessLogSpec accessLog, String healthPath, String source) {

    /** Parses with relative paths resolved against the working directory (tests). */
    public static ListenerSpec parse(Map<String, ?> properties) {
        return parse(properties, Path.of(""));
    }

    /**
     * @param home the installation directory ({@code caracal.home}): relative paths, and a leading
     *        {@code ${caracal.home}} left in place, resolve against it
     */
    public static ListenerSpec parse(Map<String, ?> properties, Path home) {
        ConfigReader config = new ConfigReader(properties);
        String name = config.requiredString("name");
        TrustedProxies trustedProxies;
        try {
            trustedProxies = TrustedProxies.parse(config.strings("trusted.proxies"));
        } catch (IllegalArgumentException e) {
            throw config.error("trusted.proxies", e.getMessage());
        }
        int rate = config.intValue("connection.request.rate", 0, 0, 1_000_000);
        // The burst defaults to one second's worth of requests.
        int burst = config.intValue("connection.request.burst", 0, 0, 1_000_000);
        return new ListenerSpec(
                name,
                config.string("host", "0.0.0.0"),
                config.intValue("port", 8080, 0, 65535),
                config.booleanValue("h2c", true),
                config.intValue("max.header.size", 16 * 1024, 1024, 1024 * 1024),
                config.longValue("max.body.size", -1, -1, Long.MAX_VALUE),
                config.longValue("idle.timeout.ms", 30_000, 1, 3_600_000),
                config.intValue("max.connections", 10_000, 1, 1_000_000),
                config.intValue("max.threads", 200, 8, 10_000),
                config.longValue("stop.timeout.ms", 30_000, 0, 600_000),
                config.string("tls.context", null),
                config.intValue("redirect.https.port", 0, 0, 65535),
                config.longValue("hsts.max.age", 0, 0, 10L * 365 * 24 * 3600),
                config.booleanValue("hsts.include.subdomains", false),
                config.string("client.cert.header", null),
                trustedProxies,
                config.intValue("max.connections.per.ip", 0, 0, 1_000_000),
                rate,
                burst == 0 ? rate : burst,
                config.longValue("request.header.timeout.ms", 10_000, 0, 3_600_000),
                config.longValue("request.body.timeout.ms", 60_000, 0, 3_600_000),
                AccessLogSpec.parse(config, name, home),
                healthPath(config),
                config.source());
    }

    private static String healthPath(ConfigReader config) {
        String path = config.string("health.path", null);
        if (path == null) {
            return null;
        }
        if (!path.startsWith("/")) {
            throw config.error("health.path", "'" + path + "' must start with '/'");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == '?' || c == '#' || c >= 0x7f) {
                throw config.error("health.path", "'" + path + "' must be a plain path (no spaces, query or fragment)");
            }
        }
        return path;
    }

    public boolean secure() {
        return tlsContext != null;
    }

    /** Whether two specs differ only in where they came from. */
    boolean sameSettings(ListenerSpec other) {
        return other != null && equals(other.copy(other.accessLog, source));
    }

    /** Whether two specs differ only in their access logs (and where they came from). */
    boolean sameExceptAccessLog(ListenerSpec other) {
        return other != null && equals(other.copy(accessLog, source));
    }

    private ListenerSpec copy(AccessLogSpec accessLog, String source) {
        return new ListenerSpec(name, host, port, h2c, maxHeaderSize, maxBodySize, idleTimeoutMillis, maxConnections,
                maxThreads, stopTimeoutMillis, tlsContext, redirectHttpsPort, hstsMaxAgeSeconds, hstsIncludeSubdomains,
                clientCertHeader, trustedProxies, maxConnectionsPerIp, connectionRequestRate, connectionRequestBurst,
                requestHeaderTimeoutMillis, requestBodyTimeoutMillis, accessLog, healthPath, source);
    }
}
