package io.caracal.core.internal.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of a route (factory PID {@code io.caracal.route}); the web console renders it as a form. */
@ObjectClassDefinition(name = "Caracal route", description = "Matches requests by host, path prefix, "
        + "method and headers, and sends them to a cluster.")
public @interface RouteConfig {

    @AttributeDefinition(name = "Name", description = "Unique name of the route.")
    String name();

    @AttributeDefinition(name = "Hosts", description = "Host names to match: exact (example.com), "
            + "wildcard (*.example.com) or * for any host.")
    String[] hosts() default {"*"};

    @AttributeDefinition(name = "Path prefix", description = "Literal prefix the request path must start with.")
    String path_prefix() default "/";

    @AttributeDefinition(name = "Methods", description = "HTTP methods to match; empty matches all.", required = false)
    String[] methods() default {};

    @AttributeDefinition(name = "Headers", description = "Header conditions: 'Name' (present) or "
            + "'Name: value' (exact value).", required = false)
    String[] headers() default {};

    @AttributeDefinition(name = "Cluster", description = "Name of the cluster that serves this route.")
    String cluster();

    @AttributeDefinition(name = "Host header", description = "'preserve' sends the client's Host, "
            + "'upstream' the upstream's host:port; anything else is sent as the Host value.")
    String host_header() default "preserve";

    @AttributeDefinition(name = "Filters", description = "Names of the request filters (access control, "
            + "rate limits, WAF) the route runs, in order. While a listed filter is not available the "
            + "route answers 503.", required = false)
    String[] filters() default {};

    String webconsole_configurationFactory_nameHint() default "Route {name}: {hosts}{path.prefix} -> {cluster}";
}
