package io.caracal.api.admin;

/**
 * One of a route's filters.
 *
 * @param name the name the route lists
 * @param type the filter's {@code caracal.filter.type} ({@code ratelimit}, {@code jwt}, {@code waf} …), or empty
 * @param provider the bundle that provides it ({@code symbolic-name version}), or empty when missing
 * @param available false while no such filter is registered (the route then answers 503)
 * @param passed requests it let through on this route (and whose response it did not refuse)
 * @param rejected requests it refused on this route, or whose upstream response it refused
 * @param failed requests it threw on, itself or its response inspector (each answered 500)
 */
public record FilterInfo(String name, String type, String provider, boolean available, long passed, long rejected,
        long failed) {
}
