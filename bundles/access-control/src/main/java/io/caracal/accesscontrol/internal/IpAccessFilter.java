package io.caracal.accesscontrol.internal;

import java.util.ArrayList;
import java.util.List;

import inet.ipaddr.IPAddress;

import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;

/**
 * Allows or refuses a request by its client address: a client in {@code deny} is refused; when
 * {@code allow} lists anything, a client in none of it is refused too. Immutable, so it runs on
 * any number of request threads at once.
 */
final class IpAccessFilter implements RequestFilter {

    static final String TYPE = "ip-access";

    private final String name;
    private final AddressSet allow;
    private final AddressSet deny;

    IpAccessFilter(String name, AddressSet allow, AddressSet deny) {
        this.name = name;
        this.allow = allow;
        this.deny = deny;
    }

    /** Makes the filter from its configuration: {@code name}, {@code allow}, {@code deny}. */
    static BuiltFilter build(FilterSettings settings) {
        String name = settings.name();
        List<String> warnings = new ArrayList<>();
        AddressSet allow = AddressSet.parse(settings.config(), "allow", warnings);
        AddressSet deny = AddressSet.parse(settings.config(), "deny", warnings);
        if (allow.isEmpty() && deny.isEmpty()) {
            // A filter that lets everyone through is almost certainly a mistake in an access rule.
            throw settings.error("allow", "neither allow nor deny lists an address");
        }
        String summary = (allow.isEmpty() ? "any client" : allow.size() + " allowed block(s)")
                + (deny.isEmpty() ? "" : ", " + deny.size() + " denied block(s)");
        return new BuiltFilter(name, new IpAccessFilter(name, allow, deny), summary, warnings);
    }

    @Override
    public FilterDecision apply(FilterContext context) {
        IPAddress client = AddressSet.client(context.request().clientAddress());
        if (client == null) {
            // Neither list can be checked: fail closed.
            return FilterDecision.reject(403, "the client address could not be determined");
        }
        if (deny.contains(client) || !allow.isEmpty() && !allow.contains(client)) {
            return FilterDecision.reject(403, "client address " + client.toCanonicalString() + " is not allowed");
        }
        return FilterDecision.proceed();
    }

    @Override
    public String toString() {
        return TYPE + " filter '" + name + "'";
    }
}
