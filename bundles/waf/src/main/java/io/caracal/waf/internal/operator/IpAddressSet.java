package io.caracal.waf.internal.operator;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4AddressTrie;
import inet.ipaddr.ipv6.IPv6AddressTrie;
import java.util.Collection;

/** A set of IPv4 and IPv6 networks (CIDR blocks or single addresses) with fast containment tests. */
final class IpAddressSet {

    /** Plain dotted-quad or RFC 4291 text with an optional /prefix; no wildcards, ranges or inet_aton forms. */
    private static final IPAddressStringParameters NETWORK_SYNTAX = strictSyntax(true);
    private static final IPAddressStringParameters ADDRESS_SYNTAX = strictSyntax(false);

    private final IPv4AddressTrie ipv4 = new IPv4AddressTrie();
    private final IPv6AddressTrie ipv6 = new IPv6AddressTrie();

    /**
     * @throws IllegalArgumentException naming the first entry that is not an address or network
     */
    IpAddressSet(Collection<String> networks, String operatorName) {
        for (String network : networks) {
            IPAddress address;
            try {
                address = new IPAddressString(network, NETWORK_SYNTAX).toAddress();
            } catch (AddressStringException e) {
                throw new IllegalArgumentException("@" + operatorName + ": invalid IP address or network '" + network + "': " + e.getMessage(), e);
            }
            // "10.1.2.3/8" means the network 10.0.0.0/8, as in ModSecurity.
            IPAddress block = address.isPrefixed() ? address.toPrefixBlock() : address;
            if (block.isIPv4()) {
                ipv4.add(block.toIPv4());
            } else {
                ipv6.add(block.toIPv6());
            }
        }
    }

    boolean isEmpty() {
        return ipv4.isEmpty() && ipv6.isEmpty();
    }

    /** Whether {@code text}, a single IP address, lies in one of the networks; false if it is not an address. */
    boolean contains(String text) {
        IPAddress address = new IPAddressString(text.trim(), ADDRESS_SYNTAX).getAddress();
        if (address == null) {
            return false;
        }
        return address.isIPv4() ? ipv4.elementContains(address.toIPv4()) : ipv6.elementContains(address.toIPv6());
    }

    private static IPAddressStringParameters strictSyntax(boolean allowPrefix) {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder()
                .allowEmpty(false)
                .allowAll(false)
                .allowSingleSegment(false)
                .allowMask(false)
                .allowPrefixOnly(false)
                .allowPrefix(allowPrefix)
                .allowWildcardedSeparator(false)
                .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE)
                .allow_inet_aton(false);
        builder.getIPv6AddressParametersBuilder().setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE);
        builder.getIPv4AddressParametersBuilder().setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE);
        return builder.toParams();
    }
}
