package io.caracal.core.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.caracal.api.config.ConfigReader;

/**
 * A validated route: which requests it matches and where they go.
 *
 * @param name unique route name
 * @param hosts host patterns: exact ({@code example.com}), leading wildcard ({@code *.example.com})
 *        or {@code *} for any host
 * @param pathPrefix literal path prefix, starting with {@code /}
 * @param methods upper-case methods to match, empty for all
 * @param headers header conditions: a name mapped to the exact value required, or to {@code null}
 *        when presence is enough
 * @param cluster the name of the cluster that serves the route
 * @param hostHeader {@code preserve} (send the client's Host), {@code upstream} (the upstream's
 *        host:port) or a literal host value
 * @param filters names of the request filters ({@code caracal.filter}) the route runs, in order
 * @param cache the route's cache settings, or {@code null} when it does not cache
 * @param source where the route was configured, for messages
 */
public record RouteSpec(String name, List<String> hosts, String pathPrefix, Set<String> methods,
        Map<String, String> headers, String cluster, String hostHeader, List<String> filters, CacheSpec cache,
        String source) {

    public static final String PRESERVE_HOST = "preserve";
    public static final String UPSTREAM_HOST = "upstream";

    /** Parses and validates raw configuration properties. */
    public static RouteSpec parse(Map<String, ?> properties) {
        ConfigReader config = new ConfigReader(properties);
        String name = config.requiredString("name");
        List<String> hosts = new ArrayList<>();
        for (String host : config.strings("hosts")) {
            String pattern = host.toLowerCase(Locale.ROOT);
            if (!pattern.equals("*") && (pattern.indexOf('*', pattern.startsWith("*.") ? 1 : 0) >= 0
                    || pattern.contains("/") || pattern.contains(" "))) {
                throw config.error("hosts", "'" + host + "' is not a host name, '*.' + host name, or '*'");
            }
            hosts.add(pattern);
        }
        if (hosts.isEmpty()) {
            hosts.add("*");
        }
        String pathPrefix = config.string("path.prefix", "/");
        if (!pathPrefix.startsWith("/")) {
            throw config.error("path.prefix", "'" + pathPrefix + "' must start with '/'");
        }
        Set<String> methods = new TreeSet<>();
        for (String method : config.strings("methods")) {
            if (!method.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                throw config.error("methods", "'" + method + "' is not an HTTP method");
            }
            methods.add(method.toUpperCase(Locale.ROOT));
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (String condition : config.strings("headers")) {
            int colon = condition.indexOf(':');
            String headerName = (colon < 0 ? condition : condition.substring(0, colon)).trim();
            if (headerName.isEmpty() || !headerName.chars().allMatch(RouteSpec::isTokenChar)) {
                throw config.error("headers", "'" + condition + "' must be 'Name' or 'Name: value'");
            }
            headers.put(headerName, colon < 0 ? null : condition.substring(colon + 1).trim());
        }
        String cluster = config.requiredString("cluster");
        String hostHeader = config.string("host.header", PRESERVE_HOST);
        List<String> filters = config.strings("filters");
        if (filters.size() != Set.copyOf(filters).size()) {
            throw config.error("filters", "lists a filter twice: " + filters);
        }
        CacheSpec cache = CacheSpec.parse(config);
        return new RouteSpec(name, List.copyOf(hosts), pathPrefix, Set.copyOf(methods),
                java.util.Collections.unmodifiableMap(headers), cluster, hostHeader, filters, cache, config.source());
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
