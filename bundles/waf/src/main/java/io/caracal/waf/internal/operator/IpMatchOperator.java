package io.caracal.waf.internal.operator;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** {@code @ipMatch} and {@code @ipMatchFromFile}: the input is an IP address inside one of the given networks. */
final class IpMatchOperator implements Operator {

    private final IpAddressSet networks;

    private IpMatchOperator(IpAddressSet networks) {
        this.networks = networks;
    }

    /** From a list separated by commas (and, leniently, white space), e.g. "127.0.0.1,::1,10.0.0.0/8". */
    static IpMatchOperator fromArgument(String argument) {
        List<String> entries = Arrays.stream(argument.split("[,\\s]+"))
                .filter(entry -> !entry.isEmpty())
                .collect(Collectors.toList());
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("@ipMatch: missing IP addresses");
        }
        return new IpMatchOperator(new IpAddressSet(entries, "ipMatch"));
    }

    static IpMatchOperator fromEntries(List<String> entries) {
        return new IpMatchOperator(new IpAddressSet(entries, "ipMatchFromFile"));
    }

    @Override
    public boolean matches(String input, MatchContext context) {
        return networks.contains(input);
    }
}
