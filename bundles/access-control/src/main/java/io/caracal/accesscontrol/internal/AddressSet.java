package io.caracal.accesscontrol.internal;

import java.util.ArrayList;
import java.util.List;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.IncompatibleAddressException;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressTrie;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressTrie;

import io.caracal.api.config.ConfigReader;

/**
 * A set of IPv4 and IPv6 addresses and CIDR blocks, parsed once from configuration. Lookups walk
 * a binary trie per IP version, so long lists cost no more per request than short ones. The tries
 * are filled in the constructor and only read afterwards, which the library allows concurrently.
 *
 * <p>IPv4-mapped IPv6 addresses ({@code ::ffff:10.0.0.1}) are matched as the IPv4 address they
 * carry, on both sides: a dual-stack socket reports IPv4 clients that way.
 */
final class AddressSet {

    /** Addresses and CIDR blocks only: no ranges, wildcards, "all", or inet_aton short forms. */
    static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowPrefixOnly(false)
            .allowWildcardedSeparator(false).setRangeOptions(RangeParameters.NO_RANGE).allow_inet_aton(false)
            .toParams();

    private final IPv4AddressTrie ipv4 = new IPv4AddressTrie();
    private final IPv6AddressTrie ipv6 = new IPv6AddressTrie();
    private final int size;

    private AddressSet(List<IPAddress> blocks) {
        for (IPAddress block : blocks) {
            if (block.isIPv4()) {
                ipv4.add(block.toIPv4());
            } else {
                ipv6.add(block.toIPv6());
            }
        }
        size = blocks.size();
    }

    /**
     * Parses the list under {@code key}: single addresses and CIDR blocks. An entry with host bits
     * set ({@code 10.1.2.3/8}) means its whole block, and is reported in {@code warnings}.
     */
    static AddressSet parse(ConfigReader config, String key, List<String> warnings) {
        List<IPAddress> blocks = new ArrayList<>();
        for (String entry : config.strings(key)) {
            IPAddress address;
            try {
                address = new IPAddressString(entry, STRICT).toAddress();
            } catch (AddressStringException | IncompatibleAddressException e) {
                throw config.error(key, "'" + entry + "' is not an IP address or CIDR block (" + detail(e) + ")");
            }
            address = withoutZone(address);
            if (address.getNetworkPrefixLength() != null) {
                IPAddress block = address.toPrefixBlock();
                if (!block.equals(address)) {
                    warnings.add("key '" + key + "': '" + entry + "' has host bits set; it stands for "
                            + block.toCanonicalString());
                }
                address = block;
            } else if (address.isMultiple()) {
                throw config.error(key, "'" + entry + "' is not an IP address or CIDR block");
            }
            blocks.add(unmapped(address));
        }
        return new AddressSet(blocks);
    }

    /**
     * Parses a client address as the listener reports it, or returns null when it is not an IP
     * address. A zone ({@code %eth0}) is dropped; a mapped IPv4 address becomes plain IPv4.
     */
    static IPAddress client(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        IPAddress address = new IPAddressString(trimmed, STRICT).getAddress();
        if (address == null || address.isMultiple() || address.getNetworkPrefixLength() != null) {
            return null;
        }
        return unmapped(withoutZone(address));
    }

    boolean contains(IPAddress address) {
        if (address.isIPv4()) {
            return ipv4.elementContains(address.toIPv4());
        }
        return ipv6.elementContains(address.toIPv6());
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The library's reason without the entry it repeats ("x IP Address error: reason"). */
    private static String detail(Exception e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf("error: ");
        return at >= 0 ? message.substring(at + "error: ".length()) : message;
    }

    /** Link-local zones ({@code %eth0}) say which interface, not which host: ignored. */
    private static IPAddress withoutZone(IPAddress address) {
        return address.isIPv6() ? address.toIPv6().removeZone() : address;
    }

    /** {@code ::ffff:a.b.c.d} (or a block of at least /96 within it) as the IPv4 address or block. */
    private static IPAddress unmapped(IPAddress address) {
        if (!address.isIPv6()) {
            return address;
        }
        IPv6Address v6 = address.toIPv6();
        Integer prefix = v6.getNetworkPrefixLength();
        if (prefix != null && prefix < 96 || !v6.getLower().isIPv4Mapped()) {
            return address;
        }
        IPv4Address v4 = v6.getLower().getEmbeddedIPv4Address().withoutPrefixLength();
        return prefix == null ? v4 : v4.toPrefixBlock(prefix - 96);
    }
}
