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

    @AttributeDefinition(name = "Cache store", description = "Name of the cache store (caracal.cache.store) "
            + "to cache this route's responses in, with HTTP caching rules (RFC 9111, shared cache); empty: "
            + "no caching. While the store is not installed the route works uncached.", required = false)
    String cache() default "";

    @AttributeDefinition(name = "Cache key", description = "Request parts that go into the cache key besides "
            + "the URL with its query: 'header:<Name>' and 'cookie:<name>'.", required = false)
    String[] cache_key() default {};

    @AttributeDefinition(name = "Largest cached response (bytes)", description = "Larger responses are passed "
            + "to the client but not stored.")
    long cache_max_object_bytes() default 8388608;

    @AttributeDefinition(name = "Heuristic freshness cap (s)", description = "Responses without an explicit "
            + "lifetime but with Last-Modified stay fresh for 10% of their age, at most this long.")
    long cache_heuristic_max_s() default 86400;

    @AttributeDefinition(name = "Coalesce misses", description = "Concurrent misses for one URL send a single "
            + "request upstream; the others are answered from its response.")
    boolean cache_coalesce() default true;

    String webconsole_configurationFactory_nameHint() default "Route {name}: {hosts}{path.prefix} -> {cluster}";
}
