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
            + "optionally followed by ' weight=N' (1..1000).")
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

    String webconsole_configurationFactory_nameHint() default "Cluster {name}: {upstreams} ({strategy})";
}
