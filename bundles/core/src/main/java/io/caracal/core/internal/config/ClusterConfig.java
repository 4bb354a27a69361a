package io.caracal.core.internal.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of a cluster (factory PID {@code io.caracal.cluster}). */
@ObjectClassDefinition(name = "Caracal cluster", description = "A group of upstream servers and the "
        + "strategy that balances requests across them.")
public @interface ClusterConfig {

    @AttributeDefinition(name = "Name", description = "Unique name of the cluster; routes refer to it.")
    String name();

    @AttributeDefinition(name = "Upstreams", description = "Upstream servers as scheme://host:port, "
            + "optionally followed by ' weight=N' (1..1000), ' health.path=/path' (own health check "
            + "path) and ' drain' (no new requests; in-flight ones finish).")
    String[] upstreams();

    @AttributeDefinition(name = "Strategy", description = "Name of the balancing strategy service "
            + "(caracal.strategy). While it is not installed the cluster uses round-robin.")
    String strategy() default "round-robin";

    @AttributeDefinition(name = "Strategy options", description = "key=value options for the strategy.", required = false)
    String[] strategy_options() default {};

    @AttributeDefinition(name = "Connect timeout (ms)", min = "1")
    long connect_timeout_ms() default 5000;

    @AttributeDefinition(name = "Idle timeout (ms)", description = "How long an upstream connection "
            + "may stay silent during an exchange (answered with 504) or idle in the pool.", min = "1")
    long idle_timeout_ms() default 60000;

    @AttributeDefinition(name = "Request timeout (ms)", description = "Total time for one exchange, "
            + "answered with 504 when exceeded; 0 for no limit.", min = "0")
    long request_timeout_ms() default 0;

    @AttributeDefinition(name = "Max connections per upstream", min = "1")
    int max_connections_per_upstream() default 1024;

    @AttributeDefinition(name = "Max pending requests per upstream", description = "Requests that may "
            + "wait for a connection to one upstream; more get 503 at once.", min = "1")
    int max_pending_requests() default 1024;

    @AttributeDefinition(name = "Max concurrent requests per upstream", description = "0 for no limit; "
            + "requests over the limit go to another upstream, or get 503 when all are at it.", min = "0")
    int max_requests_per_upstream() default 0;

    @AttributeDefinition(name = "Health check path", description = "Turns on active health checks: "
            + "a GET of this path to every upstream at each interval.", required = false)
    String health_check_path();

    @AttributeDefinition(name = "Health check interval (ms)", min = "100")
    long health_check_interval_ms() default 5000;

    @AttributeDefinition(name = "Health check timeout (ms)", min = "10")
    long health_check_timeout_ms() default 2000;

    @AttributeDefinition(name = "Healthy statuses", description = "A status or range, e.g. 200-399.")
    String health_check_expected_status() default "200-399";

    @AttributeDefinition(name = "Healthy threshold", description = "Passed checks in a row that bring "
            + "an upstream back.", min = "1")
    int health_check_healthy_threshold() default 2;

    @AttributeDefinition(name = "Unhealthy threshold", description = "Failed checks in a row that take "
            + "an upstream out.", min = "1")
    int health_check_unhealthy_threshold() default 3;

    @AttributeDefinition(name = "Slow start (ms)", description = "A recovered upstream's weight ramps "
            + "from a tenth to full over this time; 0 for none.", min = "0")
    long slow_start_ms() default 0;

    @AttributeDefinition(name = "Outlier: consecutive failures", description = "Connect failures, "
            + "timeouts or 5xx answers in a row that eject an upstream; 0 turns ejection off.", min = "0")
    int outlier_consecutive_failures() default 5;

    @AttributeDefinition(name = "Outlier: base ejection (ms)", description = "The n-th ejection of an "
            + "upstream lasts n times this (5 minutes at most).", min = "1")
    long outlier_base_ejection_ms() default 30000;

    @AttributeDefinition(name = "Outlier: max ejection percent", description = "Never eject more "
            + "than this share of the cluster.", min = "0", max = "100")
    int outlier_max_ejection_percent() default 50;

    @AttributeDefinition(name = "Retry attempts", description = "Extra attempts on another upstream "
            + "after a connect failure (any method, body not yet sent) or a listed status (idempotent "
            + "methods); 0 turns retries off.", min = "0", max = "10")
    int retry_attempts() default 1;

    @AttributeDefinition(name = "Retry on statuses", description = "Upstream statuses retried on "
            + "another upstream, e.g. 502, 503, 504.", required = false)
    String[] retry_on_statuses() default {};

    @AttributeDefinition(name = "Retry budget (%)", description = "Retries in flight at most, as a "
            + "share of the cluster's active requests, so retries cannot amplify an outage.", min = "0", max = "100")
    int retry_budget_percent() default 20;

    @AttributeDefinition(name = "Retry budget minimum", description = "Retries in flight that are "
            + "always allowed.", min = "0")
    int retry_budget_min() default 3;

    @AttributeDefinition(name = "Sticky cookie", description = "Name of a cookie that keeps a client "
            + "on the upstream that first served it, on top of any strategy; empty for none.", required = false)
    String sticky_cookie();

    @AttributeDefinition(name = "TLS: verify upstreams", description = "Verify https upstreams' "
            + "certificates (against the CA file, else the JVM's system CAs) and host names. Turning this "
            + "off is logged at WARN every time the cluster's client is built.")
    boolean tls_verify() default true;

    @AttributeDefinition(name = "TLS: CA file", description = "PEM bundle of the CA certificates that "
            + "https upstreams' certificates must chain to; empty for the JVM's system CAs. A relative "
            + "path is resolved against the installation directory.", required = false)
    String tls_ca_path();

    @AttributeDefinition(name = "TLS: server name (SNI)", description = "Server name sent to https "
            + "upstreams and checked against their certificates, instead of each upstream's host name "
            + "(for upstreams addressed by IP).", required = false)
    String tls_sni();

    @AttributeDefinition(name = "TLS: client certificate context", description = "Name of the TLS "
            + "context (caracal.tls.context) whose certificate is presented to https upstreams; its "
            + "trust store then verifies them. While it is not registered the cluster answers 503.",
            required = false)
    String tls_client_context();

    @AttributeDefinition(name = "TLS: protocols", description = "Enabled protocol versions towards "
            + "https upstreams: TLSv1.3, TLSv1.2.")
    String[] tls_protocols() default {"TLSv1.3", "TLSv1.2"};

    String webconsole_configurationFactory_nameHint() default "Cluster {name}: {upstreams} ({strategy})";
}
