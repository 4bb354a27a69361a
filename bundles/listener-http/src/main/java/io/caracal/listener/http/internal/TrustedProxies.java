package io.caracal.listener.http.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressTrie;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressTrie;

/**
 * The addresses and CIDR blocks of proxies in front of a listener ({@code trusted.proxies}),
 * parsed once into one prefix trie per IP version so a lookup costs a walk of at most 32 or 128
 * bits. The tries are never changed after construction, so concurrent lookups need no lock.
 */
final class TrustedProxies {

    static final TrustedProxies NONE = new TrustedProxies(List.of(), new IPv4AddressTrie(), new IPv6AddressTrie());

    /** Configured entries: single addresses or prefixes; no ranges, wildcards, masks or zones. */
    private static final IPAddressStringParameters CONFIG = parameters(true);

    private final List<String> entries;
    private final IPv4AddressTrie ipv4;
    private final IPv6AddressTrie ipv6;

    private TrustedProxies(List<String> entries, IPv4AddressTrie ipv4, IPv6AddressTrie ipv6) {
        this.entries = entries;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    /**
     * @param configured entries such as {@code 10.0.0.0/8}, {@code 192.0.2.7} or {@code 2001:db8::/32}
     * @throws IllegalArgumentException naming the first entry that is not an IP address or CIDR block
     */
    static TrustedProxies parse(List<String> configured) {
        if (configured.isEmpty()) {
            return NONE;
        }
        IPv4AddressTrie ipv4 = new IPv4AddressTrie();
        IPv6AddressTrie ipv6 = new IPv6AddressTrie();
        List<String> normalized = new ArrayList<>(configured.size());
        for (String entry : configured) {
            IPAddress parsed = new IPAddressString(entry, CONFIG).getAddress();
            if (parsed == null) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR block "
                        + "(for example 10.0.0.0/8 or 2001:db8::/32)");
            }
            // 10.1.2.3/8 means the /8 around it, as nginx reads set_real_ip_from.
            IPAddress block = parsed.isPrefixed() ? parsed.toPrefixBlock() : parsed;
            block = unmapped(block);
            if (block instanceof IPv4Address v4) {
                ipv4.add(v4);
            } else {
                ipv6.add((IPv6Address) block);
            }
            normalized.add(block.toCanonicalString());
        }
        return new TrustedProxies(List.copyOf(normalized), ipv4, ipv6);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    boolean contains(IPAddress address) {
        return address instanceof IPv4Address v4 ? ipv4.elementContains(v4) : ipv6.elementContains((IPv6Address) address);
    }

    /** The peer's address from its raw bytes (no string parsing); null for an unusable address. */
    static IPAddress fromInet(InetAddress address) {
        if (address == null) {
            return null;
        }
        byte[] bytes = address.getAddress();
        // The JDK already turns IPv4-mapped IPv6 peers into Inet4Address.
        return address instanceof Inet4Address ? new IPv4Address(bytes) : unmapped(new IPv6Address(bytes));
    }

    /** ::ffff:a.b.c.d is an IPv4 client: match and report it as a.b.c.d. */
    static IPAddress unmapped(IPAddress address) {
        if (address instanceof IPv6Address v6 && v6.isIPv4Mapped()) {
            Integer prefix = v6.getNetworkPrefixLength();
            if (prefix == null) {
                return v6.getEmbeddedIPv4Address();
            }
            if (prefix >= 96) {
                return v6.getEmbeddedIPv4Address().toPrefixBlock(prefix - 96);
            }
        }
        return address;
    }

    /**
     * Strict parsing: one address, dotted-quad IPv4 without leading zeros (no octal or inet_aton
     * forms that different tools read differently), IPv6 without zone; a prefix length only where
     * {@code prefixes} is set.
     */
    static IPAddressStringParameters parameters(boolean prefixes) {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder()
                .allowEmpty(false)
                .allowAll(false)
                .allowSingleSegment(false)
                .allowPrefixOnly(false)
                .allowMask(false)
                .allowPrefix(prefixes)
                .allowWildcardedSeparator(false)
                .setRangeOptions(RangeParameters.NO_RANGE)
                .allow_inet_aton(false);
        builder.getIPv4AddressParametersBuilder().allowLeadingZeros(false).allowBinary(false)
                .allowPrefixesBeyondAddressSize(false);
        builder.getIPv6AddressParametersBuilder().allowZone(false).allowBase85(false).allowBinary(false)
                .allowPrefixesBeyondAddressSize(false);
        return builder.toParams();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrustedProxies that && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return String.join(", ", entries);
    }
}
