package com.example.caracal.canary;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.balancer.BalancingStrategy;
import io.caracal.api.upstream.ClusterView;
import io.caracal.api.upstream.Upstream;

import org.osgi.service.component.annotations.Component;

/**
 * The strategy {@code canary}: one upstream of the cluster runs the new release (the canary) and
 * gets a set share of the requests; the other upstreams share the rest round-robin. Testers can
 * force their own requests either way with a header.
 *
 * <p>Options, given in the cluster's {@code strategy.options}:
 * <ul>
 * <li>{@code canary=HOST:PORT} (required): the canary, one of the cluster's upstreams;</li>
 * <li>{@code percent=P} (default {@value #DEFAULT_PERCENT}): the share of ordinary requests for the
 *     canary, 0 to 100 with up to two decimals;</li>
 * <li>{@code header=NAME} (default {@value #DEFAULT_HEADER}): a request with this header set to
 *     {@code always} goes to the canary, one with {@code never} to the others; such requests do not
 *     count towards the share.</li>
 * </ul>
 *
 * <p>The {@code @Component} annotation is all the OSGi wiring there is: bnd turns it into a
 * Declarative Services descriptor, and Caracal finds the service by its {@code caracal.strategy}
 * property as soon as the bundle starts.
 */
@Component(property = BalancingStrategy.NAME_PROPERTY + "=" + CanaryStrategy.NAME)
public final class CanaryStrategy implements BalancingStrategy {

    /** The name clusters use: {@code strategy = canary}. */
    public static final String NAME = "canary";
    public static final String CANARY_OPTION = "canary";
    public static final String PERCENT_OPTION = "percent";
    public static final String HEADER_OPTION = "header";
    public static final String DEFAULT_PERCENT = "5";
    public static final String DEFAULT_HEADER = "X-Canary";

    private static final Set<String> OPTIONS = Set.of(CANARY_OPTION, PERCENT_OPTION, HEADER_OPTION);

    /**
     * Called by Caracal whenever the cluster's upstreams or options change. An invalid option
     * throws {@link IllegalArgumentException} naming it: Caracal logs the message and keeps the
     * cluster on round-robin until the configuration is fixed.
     */
    @Override
    public Balancer create(ClusterView cluster, Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' (the options are "
                        + CANARY_OPTION + ", " + PERCENT_OPTION + " and " + HEADER_OPTION + ")");
            }
        }
        String canary = canary(cluster, options.get(CANARY_OPTION));
        int basisPoints = basisPoints(options.getOrDefault(PERCENT_OPTION, DEFAULT_PERCENT));
        String header = headerName(options.getOrDefault(HEADER_OPTION, DEFAULT_HEADER));
        return new CanaryBalancer(canary, basisPoints, header);
    }

    /** The canary's id ({@code host:port}); a scheme in front is allowed and ignored. */
    private static String canary(ClusterView cluster, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("option '" + CANARY_OPTION + "' is required: the host:port of "
                    + "the upstream that runs the canary release");
        }
        String id = value.trim().replaceFirst("^(?i)https?://", "");
        for (Upstream upstream : cluster.upstreams()) {
            if (upstream.id().equalsIgnoreCase(id)) {
                return upstream.id();
            }
        }
        throw new IllegalArgumentException("option '" + CANARY_OPTION + "': '" + value.trim()
                + "' is not an upstream of cluster '" + cluster.name() + "' (its upstreams: "
                + cluster.upstreams().stream().map(Upstream::id).collect(Collectors.joining(", ")) + ")");
    }

    /** {@code percent} in hundredths of a percent: "2.5" is 250. */
    private static int basisPoints(String value) {
        try {
            BigDecimal percent = new BigDecimal(value.trim());
            if (percent.signum() >= 0 && percent.compareTo(BigDecimal.valueOf(100)) <= 0 && percent.scale() <= 2) {
                return percent.movePointRight(2).intValueExact();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new IllegalArgumentException("option '" + PERCENT_OPTION + "': '" + value
                + "' is not a percentage from 0 to 100 (at most two decimals)");
    }

    private static String headerName(String value) {
        String name = value.trim();
        boolean token = !name.isEmpty()
                && name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
        if (!token) {
            throw new IllegalArgumentException("option '" + HEADER_OPTION + "': '" + value
                    + "' is not a valid header name");
        }
        return name;
    }
}
