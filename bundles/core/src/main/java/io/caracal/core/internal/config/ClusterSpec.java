package io.caracal.core.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.net.ssl.SNIHostName;

import io.caracal.api.config.ConfigReader;

/**
 * A validated cluster: its upstreams, the strategy that balances them, how their health is
 * judged, and the transport and resilience settings used to reach them.
 *
 * @param name unique cluster name
 * @param upstreams upstream addresses with weights, in configuration order
 * @param strategy the name of the balancing strategy service
 * @param strategyOptions options handed to the strategy
 * @param transport connection settings towards the upstreams
 * @param requestTimeoutMillis total time for one exchange, 0 for none
 * @param healthCheck active health checking, or {@code null} when off
 * @param outlier passive health: ejection after consecutive failures
 * @param retry retries on another upstream
 * @param maxRequestsPerUpstream concurrent requests per upstream at most (0: no limit); more get 503
 * @param stickyCookie name of the session-affinity cookie, or {@code null} when off
 * @param slowStartMillis how long a recovered upstream's weight ramps up, 0 for no ramp
 * @param source where the cluster was configured, for messages
 */
public record ClusterSpec(String name, List<UpstreamSpec> upstreams, String strategy,
        Map<String, String> strategyOptions, Transport transport, long requestTimeoutMillis,
        HealthCheck healthCheck, Outlier outlier, Retry retry, int maxRequestsPerUpstream,
        String stickyCookie, long slowStartMillis, String source) {

    /**
     * One configured upstream.
     *
     * @param healthPath the health check path for this upstream, overriding the cluster's; null if none
     * @param draining whether it takes no new requests (in-flight ones finish)
     */
    public record UpstreamSpec(String scheme, String host, int port, int weight, String healthPath, boolean draining) {
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
     * @param maxPendingRequests requests per upstream that may wait for a connection; more get 503
     * @param tls how https upstreams are reached
     */
    public record Transport(long connectTimeoutMillis, long idleTimeoutMillis, int maxConnectionsPerUpstream,
            int maxPendingRequests, Tls tls) {
    }

    /**
     * TLS towards {@code https} upstreams (re-encryption).
     *
     * @param verify whether upstream certificates and host names are verified; false only when
     *        configured explicitly
     * @param caPath the PEM bundle of trusted CAs as configured, or {@code null} for the JVM's system CAs
     * @param trustedCas the certificates read from {@code caPath} when the cluster was configured;
     *        empty without {@code caPath}
     * @param sni the server name to send instead of the upstream's host name, or {@code null}
     * @param clientContext the name of the TLS context whose certificate is presented to the
     *        upstreams, or {@code null} for no client certificate
     * @param protocols enabled protocol versions, strongest first
     */
    public record Tls(boolean verify, String caPath, List<X509Certificate> trustedCas, String sni,
            String clientContext, List<String> protocols) {

        public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

        public Tls {
            trustedCas = List.copyOf(trustedCas);
            protocols = List.copyOf(protocols);
        }
    }

    /**
     * Active health checking: an HTTP GET to every upstream at an interval.
     *
     * @param path the request path (an upstream may override it)
     * @param intervalMillis time between probes of one upstream
     * @param timeoutMillis a probe slower than this fails
     * @param minStatus lowest status that counts as healthy
     * @param maxStatus highest status that counts as healthy
     * @param healthyThreshold consecutive successes that bring an unhealthy upstream back
     * @param unhealthyThreshold consecutive failures that take a healthy upstream out
     */
    public record HealthCheck(String path, long intervalMillis, long timeoutMillis, int minStatus, int maxStatus,
            int healthyThreshold, int unhealthyThreshold) {
    }

    /**
     * Outlier detection: an upstream that fails this many exchanges in a row (connect failures,
     * timeouts, 5xx answers) is ejected for {@code baseEjectionMillis} × the number of times it
     * was ejected before, unless that would eject more than {@code maxEjectionPercent} of the cluster.
     */
    public record Outlier(int consecutiveFailures, long baseEjectionMillis, int maxEjectionPercent) {
        public boolean enabled() {
            return consecutiveFailures > 0;
        }
    }

    /**
     * Retries on a different upstream.
     *
     * @param attempts extra attempts after the first (0: off)
     * @param onStatuses upstream statuses that are retried (connect failures always are)
     * @param budgetPercent retries in flight at most, as a share of the cluster's active requests
     * @param minRetries retries in flight that are always allowed, whatever the share
     */
    public record Retry(int attempts, Set<Integer> onStatuses, int budgetPercent, int minRetries) {
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
                config.intValue("max.connections.per.upstream", 1024, 1, 1_000_000),
                config.intValue("max.pending.requests", 1024, 1, 1_000_000),
                parseTls(config));
        long requestTimeout = config.longValue("request.timeout.ms", 0, 0, 86_400_000);

        HealthCheck healthCheck = null;
        String healthPath = config.string("health.check.path", null);
        if (healthPath != null || upstreams.stream().anyMatch(u -> u.healthPath() != null)) {
            if (healthPath != null && !healthPath.startsWith("/")) {
                throw config.error("health.check.path", "'" + healthPath + "' must start with '/'");
            }
            int[] statuses = parseStatusRange(config, "health.check.expected.status", "200-399");
            healthCheck = new HealthCheck(healthPath == null ? "/" : healthPath,
                    config.longValue("health.check.interval.ms", 5_000, 100, 3_600_000),
                    config.longValue("health.check.timeout.ms", 2_000, 10, 600_000),
                    statuses[0], statuses[1],
                    config.intValue("health.check.healthy.threshold", 2, 1, 100),
                    config.intValue("health.check.unhealthy.threshold", 3, 1, 100));
        }
        Outlier outlier = new Outlier(
                config.intValue("outlier.consecutive.failures", 5, 0, 1000),
                config.longValue("outlier.base.ejection.ms", 30_000, 1, 86_400_000),
                config.intValue("outlier.max.ejection.percent", 50, 0, 100));
        Set<Integer> retryStatuses = new TreeSet<>();
        for (String status : config.strings("retry.on.statuses")) {
            retryStatuses.add(parseStatus(config, "retry.on.statuses", status));
        }
        Retry retry = new Retry(
                config.intValue("retry.attempts", 1, 0, 10),
                Set.copyOf(retryStatuses),
                config.intValue("retry.budget.percent", 20, 0, 100),
                config.intValue("retry.budget.min", 3, 0, 10_000));
        int maxRequests = config.intValue("max.requests.per.upstream", 0, 0, 1_000_000);
        String sticky = config.string("sticky.cookie", null);
        if (sticky != null && !sticky.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw config.error("sticky.cookie", "'" + sticky + "' is not a valid cookie name");
        }
        long slowStart = config.longValue("slow.start.ms", 0, 0, 3_600_000);
        return new ClusterSpec(name, List.copyOf(upstreams), strategy, Map.copyOf(options), transport,
                requestTimeout, healthCheck, outlier, retry, maxRequests, sticky, slowStart, config.source());
    }

    /** The {@code tls.*} keys. */
    static Tls parseTls(ConfigReader config) {
        boolean verify = config.booleanValue("tls.verify", true);
        String clientContext = config.string("tls.client.context", null);
        String caPath = config.string("tls.ca.path", null);
        List<X509Certificate> cas = caPath == null ? List.of() : readCaBundle(config, caPath);
        if (clientContext != null && caPath != null) {
            throw config.error("tls.ca.path", "cannot be combined with tls.client.context: the TLS context '"
                    + clientContext + "' decides which CAs are trusted (put the upstreams' CA into its trust store)");
        }
        if (clientContext != null && !verify) {
            throw config.error("tls.verify", "false cannot be combined with tls.client.context: the TLS context '"
                    + clientContext + "' verifies the upstreams with its own trust store");
        }
        String sni = config.string("tls.sni", null);
        if (sni != null) {
            if (sni.indexOf(':') >= 0 || sni.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
                throw config.error("tls.sni", "'" + sni + "' must be a DNS name: an IP address is never sent as SNI");
            }
            try {
                sni = new SNIHostName(sni).getAsciiName().toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw config.error("tls.sni", "'" + sni + "' is not a valid host name");
            }
        }
        List<String> protocols = new ArrayList<>();
        for (String protocol : config.strings("tls.protocols")) {
            String canonical = switch (protocol.toUpperCase(Locale.ROOT)) {
                case "TLSV1.3" -> "TLSv1.3";
                case "TLSV1.2" -> "TLSv1.2";
                default -> throw config.error("tls.protocols", "'" + protocol
                        + "' is not supported (choose from TLSv1.3, TLSv1.2)");
            };
            if (!protocols.contains(canonical)) {
                protocols.add(canonical);
            }
        }
        return new Tls(verify, caPath, cas, sni, clientContext,
                protocols.isEmpty() ? Tls.DEFAULT_PROTOCOLS : protocols);
    }

    /**
     * Reads a PEM bundle of CA certificates. A relative path is resolved against the installation
     * directory (system property {@code caracal.home}), or the working directory without it.
     */
    private static List<X509Certificate> readCaBundle(ConfigReader config, String configured) {
        Path path;
        try {
            path = Path.of(configured);
            if (!path.isAbsolute()) {
                path = Path.of(System.getProperty("caracal.home", ".")).resolve(path);
            }
            path = path.toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw config.error("tls.ca.path", "'" + configured + "' is not a valid path");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(path)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (NoSuchFileException e) {
            throw config.error("tls.ca.path", "CA file " + path + " does not exist");
        } catch (AccessDeniedException e) {
            throw config.error("tls.ca.path", "CA file " + path + " is not readable (permission denied)");
        } catch (IOException e) {
            throw config.error("tls.ca.path", "CA file " + path + " could not be read: " + e.getMessage());
        } catch (CertificateException | RuntimeException e) {
            throw config.error("tls.ca.path", "CA file " + path + " is not a PEM bundle of X.509 certificates"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (certificates.isEmpty()) {
            throw config.error("tls.ca.path", "CA file " + path + " contains no certificate (expected PEM "
                    + "blocks '-----BEGIN CERTIFICATE-----')");
        }
        return certificates;
    }

    private static int[] parseStatusRange(ConfigReader config, String key, String fallback) {
        String text = config.string(key, fallback);
        int dash = text.indexOf('-');
        int low = parseStatus(config, key, dash < 0 ? text : text.substring(0, dash));
        int high = dash < 0 ? low : parseStatus(config, key, text.substring(dash + 1));
        if (low > high) {
            throw config.error(key, "'" + text + "' is an empty range");
        }
        return new int[] {low, high};
    }

    private static int parseStatus(ConfigReader config, String key, String text) {
        try {
            int status = Integer.parseInt(text.trim());
            if (status >= 100 && status <= 599) {
                return status;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw config.error(key, "'" + text.trim() + "' is not an HTTP status (100..599)");
    }

    /** Parses {@code [http|https://]host:port[ weight=N][ health.path=/p][ drain]}. */
    static UpstreamSpec parseUpstream(ConfigReader config, String entry) {
        String[] parts = entry.trim().split("\\s+");
        String address = parts[0];
        int weight = 1;
        String healthPath = null;
        boolean draining = false;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i];
            if (attribute.equals("drain")) {
                draining = true;
            } else if (attribute.startsWith("health.path=")) {
                healthPath = attribute.substring("health.path=".length());
                if (!healthPath.startsWith("/")) {
                    throw config.error("upstreams", "'" + entry + "': health.path must start with '/'");
                }
            } else if (attribute.startsWith("weight=")) {
                try {
                    weight = Integer.parseInt(attribute.substring("weight=".length()));
                } catch (NumberFormatException e) {
                    weight = -1;
                }
                if (weight < 1 || weight > 1000) {
                    throw config.error("upstreams", "'" + entry + "': weight must be 1..1000");
                }
            } else {
                throw config.error("upstreams", "'" + entry + "': unknown attribute '" + attribute
                        + "' (known: weight=N, health.path=/path, drain)");
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
        return new UpstreamSpec(scheme, host, port, weight, healthPath, draining);
    }
}
