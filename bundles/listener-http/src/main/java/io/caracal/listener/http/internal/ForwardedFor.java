package io.caracal.listener.http.internal;

import java.util.List;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;

/**
 * Finds the client behind trusted proxies in {@code X-Forwarded-For}: each proxy appends the
 * address it received the request from, so only the right end of the list can be believed. The
 * walk goes right to left over all the header's values, steps over addresses that are themselves
 * trusted proxies and stops at the first one that is not: that is the client. If every address is
 * trusted, the leftmost is the client. An entry that is not an address ({@code unknown}, an
 * obfuscated name, garbage) stops the walk at the last good address, so it is never trusted.
 */
final class ForwardedFor {

    /** One address per entry, no prefix: what a proxy writes. */
    private static final IPAddressStringParameters ENTRY = TrustedProxies.parameters(false);

    private final TrustedProxies trusted;

    ForwardedFor(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    boolean trusts(IPAddress peer) {
        return peer != null && trusted.contains(peer);
    }

    /**
     * @param peer the address the request came from; must be trusted (see {@link #trusts})
     * @param values the {@code X-Forwarded-For} field values in the order they were received
     * @return the client's address, IPv6 compressed and without brackets
     */
    String clientAddress(IPAddress peer, List<String> values) {
        IPAddress client = peer;
        for (int v = values.size() - 1; v >= 0; v--) {
            String value = values.get(v);
            int end = value.length();
            while (end >= 0) {
                int comma = value.lastIndexOf(',', end - 1);
                String entry = value.substring(comma + 1, end).trim();
                end = comma;
                if (entry.isEmpty()) {
                    continue; // "a, , b" or a trailing comma: nothing to believe or distrust
                }
                IPAddress address = parse(entry);
                if (address == null) {
                    return client.toCanonicalString();
                }
                client = address;
                if (!trusted.contains(address)) {
                    return client.toCanonicalString();
                }
            }
        }
        return client.toCanonicalString();
    }

    /** An entry as proxies write it: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code 2001:db8::1} or {@code [2001:db8::1]:4711}. */
    static IPAddress parse(String entry) {
        String host = entry;
        if (entry.charAt(0) == '[') {
            int close = entry.indexOf(']');
            if (close < 0 || !isPortSuffix(entry, close + 1)) {
                return null;
            }
            host = entry.substring(1, close);
        } else {
            int colon = entry.indexOf(':');
            if (colon >= 0 && colon == entry.lastIndexOf(':')) {
                // One colon: IPv4 with a port (IPv6 has at least two).
                if (!isPortSuffix(entry, colon)) {
                    return null;
                }
                host = entry.substring(0, colon);
            }
        }
        IPAddress address = new IPAddressString(host, ENTRY).getAddress();
        return address == null ? null : TrustedProxies.unmapped(address);
    }

    /** Nothing at {@code from}, or a colon followed by 1 to 5 digits up to the end. */
    private static boolean isPortSuffix(String text, int from) {
        if (from == text.length()) {
            return true;
        }
        int digits = text.length() - from - 1;
        if (text.charAt(from) != ':' || digits < 1 || digits > 5) {
            return false;
        }
        for (int i = from + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
