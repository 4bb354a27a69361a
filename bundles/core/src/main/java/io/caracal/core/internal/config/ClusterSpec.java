package io.caracal.core.internal.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.caracal.api.config.ConfigReader;

/**
 * A validated cluster: its upstreams, the strategy that balances them and the transport settings
 * used to reach them.
 *
 * @param name unique cluster name
 * @param upstreams upstream addresses with weights, in configuration order
 * @param strategy the name of the balancing strategy service
 * @param strategyOptions options handed to the strategy
 * @param transport connection settings towards the upstreams
 * @param requestTimeoutMillis total time for one exchange, 0 for none
 * @param source where the cluster was configured, for messages
 */
public record ClusterSpec(String name, List<UpstreamSpec> upstreams, String strategy,
        Map<String, String> strategyOptions, Transport transport, long requestTimeoutMillis, String source) {

    /** One configured upstream. */
    public record UpstreamSpec(String scheme, String host, int port, int weight) {
        public String id() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * Settings that need a separate HTTP client when they change.
     *
     * @param connectTimeoutMillis time to establish a connection
     * @param idleTimeoutMillis time a connection may stay silent during an exchange, and idle in the pool
     * @param maxConnectionsPerUpstream pooled connections per upstream
     */
    public record Transport(long connectTimeoutMillis, long idleTimeoutMillis, int maxConnectionsPerUpstream) {
    }

    public static ClusterSpec parse(Map<String, ?> properties) {
        ConfigReader config = new ConfigReader(properties);
        String name = config.requiredString("name");
        List<UpstreamSpec> upstreams = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String entry : config.strings("upstreams")) {
            UpstreamSpec upstream = parseUpstream(config, entry);
            if (!seen.add(upstream.id())) {
                throw config.error("upstreams", "'" + upstream.id() + "' is listed twice");
            }
            upstreams.add(upstream);
        }
        if (upstreams.isEmpty()) {
            throw config.error("upstreams", "is required: list at least one upstream such as http://127.0.0.1:9001");
        }
        String strategy = config.string("strategy", "round-robin");
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : config.strings("strategy.options")) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw config.error("strategy.options", "'" + option + "' must be key=value");
            }
            options.put(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
        }
        Transport transport = new Transport(
                config.longValue("connect.timeout.ms", 5_000, 1, 600_000),
                config.longValue("idle.timeout.ms", 60_000, 1, 3_600_000),
                config.intValue("max.connections.per.upstream", 1024, 1, 1_000_000));
        long requestTimeout = config.longValue("request.timeout.ms", 0, 0, 86_400_000);
        return new ClusterSpec(name, List.copyOf(upstreams), strategy, Map.copyOf(options), transport,
                requestTimeout, config.source());
    }

    /** Parses {@code [http|https://]host:port[ weight=N]}. */
    static UpstreamSpec parseUpstream(ConfigReader config, String entry) {
        String[] parts = entry.trim().split("\\s+");
        String address = parts[0];
        int weight = 1;
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("weight=")) {
                throw config.error("upstreams", "'" + entry + "': unknown attribute '" + parts[i] + "' (only weight=N)");
            }
            try {
                weight = Integer.parseInt(parts[i].substring("weight=".length()));
            } catch (NumberFormatException e) {
                weight = -1;
            }
            if (weight < 1 || weight > 1000) {
                throw config.error("upstreams", "'" + entry + "': weight must be 1..1000");
            }
        }
        if (!address.contains("://")) {
            address = "http://" + address;
        }
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            throw config.error("upstreams", "'" + entry + "' is not a valid address: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw config.error("upstreams", "'" + entry + "': scheme must be http or https");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw config.error("upstreams", "'" + entry + "' has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw config.error("upstreams", "'" + entry + "': a path is not supported, give scheme://host:port");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new UpstreamSpec(scheme, host, port, weight);
    }
}
