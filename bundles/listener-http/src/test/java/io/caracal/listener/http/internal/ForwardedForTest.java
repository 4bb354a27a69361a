package io.caracal.listener.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import io.caracal.api.config.ConfigException;

import inet.ipaddr.IPAddress;

import org.junit.jupiter.api.Test;

/** Client address resolution from X-Forwarded-For behind trusted proxies. */
class ForwardedForTest {

    private static final ForwardedFor BEHIND_PRIVATE_PROXIES =
            new ForwardedFor(TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32")));

    private static IPAddress ip(String text) throws Exception {
        return TrustedProxies.fromInet(InetAddress.getByName(text));
    }

    private static String client(String peer, String... values) throws Exception {
        IPAddress address = ip(peer);
        assertTrue(BEHIND_PRIVATE_PROXIES.trusts(address), peer + " should be trusted");
        return BEHIND_PRIVATE_PROXIES.clientAddress(address, List.of(values));
    }

    @Test
    void theRightmostUntrustedAddressIsTheClient() throws Exception {
        assertEquals("203.0.113.7", client("10.0.0.1", "203.0.113.7"));
        // Proxies of our own on the way are skipped.
        assertEquals("203.0.113.7", client("10.0.0.1", "203.0.113.7, 10.1.1.1, 192.168.1.7"));
    }

    @Test
    void whatTheClientWroteLeftOfItIsIgnored() throws Exception {
        // The client sent "X-Forwarded-For: 10.9.9.9, 1.2.3.4" itself; our proxy appended the real address.
        assertEquals("198.51.100.20", client("10.0.0.1", "10.9.9.9, 1.2.3.4, 198.51.100.20"));
    }

    @Test
    void allTrustedGivesTheLeftmost() throws Exception {
        assertEquals("10.2.2.2", client("10.0.0.1", "10.2.2.2, 10.3.3.3"));
    }

    @Test
    void severalHeadersAreOneListInOrder() throws Exception {
        assertEquals("198.51.100.9", client("10.0.0.1", "203.0.113.1", "198.51.100.9, 10.0.0.2"));
        assertEquals("203.0.113.1", client("10.0.0.1", "203.0.113.1", "10.0.0.3", "10.0.0.2"));
    }

    @Test
    void malformedEntriesStopTheWalkAtTheLastGoodAddress() throws Exception {
        // "unknown" is never believed, and nothing left of it either.
        assertEquals("10.0.0.3", client("10.0.0.1", "198.51.100.1, unknown, 10.0.0.3"));
        // Garbage in the rightmost place: the trusted peer itself is the last good address.
        assertEquals("10.0.0.1", client("10.0.0.1", "198.51.100.1, not-an-ip"));
        for (String garbage : List.of("010.0.0.1", "198.51.100.0/24", "fe80::1%eth0", "1.2.3", "[2001:db8::1",
                "198.51.100.1:http", "198.51.100.1:123456", "*", "_hidden")) {
            assertEquals("10.0.0.1", client("10.0.0.1", "203.0.113.5, " + garbage), garbage);
        }
    }

    @Test
    void emptyEntriesAreSkipped() throws Exception {
        assertEquals("198.51.100.1", client("10.0.0.1", "198.51.100.1,, 10.0.0.2, "));
    }

    @Test
    void portsAndIpv6Forms() throws Exception {
        assertEquals("198.51.100.1", client("10.0.0.1", "198.51.100.1:4711"));
        assertEquals("2600:1f18::1", client("10.0.0.1", "[2600:1F18:0:0:0:0:0:1]:443"));
        assertEquals("2600:1f18::1", client("10.0.0.1", "2600:1f18::1"));
        // An IPv4 client written as an IPv4-mapped IPv6 address is reported as IPv4.
        assertEquals("198.51.100.3", client("10.0.0.1", "::ffff:198.51.100.3"));
    }

    @Test
    void ipv6PeersAndProxies() throws Exception {
        assertEquals("2600:1f18::7", client("2001:db8::1", "2600:1f18::7, 2001:db8:ffff::2"));
        assertEquals("203.0.113.4", client("2001:db8:1::1", "203.0.113.4, [2001:db8::9]:80"));
        // An IPv4-mapped peer is matched as IPv4.
        assertTrue(BEHIND_PRIVATE_PROXIES.trusts(TrustedProxies.unmapped(
                new inet.ipaddr.IPAddressString("::ffff:10.1.2.3").getAddress())));
    }

    @Test
    void untrustedPeersAreNotTrusted() throws Exception {
        assertFalse(BEHIND_PRIVATE_PROXIES.trusts(ip("203.0.113.7")));
        assertFalse(BEHIND_PRIVATE_PROXIES.trusts(ip("192.168.1.8")));
        assertFalse(BEHIND_PRIVATE_PROXIES.trusts(ip("2001:db9::1")));
        assertFalse(BEHIND_PRIVATE_PROXIES.trusts(null));
        assertFalse(new ForwardedFor(TrustedProxies.NONE).trusts(ip("10.0.0.1")));
    }

    @Test
    void configuredBlocksWithHostBitsCoverTheirWholeBlock() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.1.2.3/8", "2001:db8::1/32"));
        assertEquals("10.0.0.0/8, 2001:db8::/32", proxies.toString());
        assertTrue(proxies.contains(new inet.ipaddr.IPAddressString("10.200.0.1").getAddress()));
    }

    @Test
    void badEntriesAreRejectedWithFileAndKey() {
        for (String bad : List.of("10.0.0.0/33", "proxy.example.com", "10.0.0.*", "10.0.0.1-5", "2001:db8::/129",
                "fe80::1%eth0", "010.0.0.1")) {
            ConfigException error = assertThrows(ConfigException.class, () -> ListenerSpec.parse(Map.of(
                    "name", "x", "trusted.proxies", "127.0.0.1, " + bad,
                    "felix.fileinstall.filename", "file:/opt/caracal/conf/caracal/io.caracal.listener.http-x.cfg")),
                    bad);
            assertEquals("trusted.proxies", error.key());
            assertTrue(error.getMessage().startsWith("/opt/caracal/conf/caracal/io.caracal.listener.http-x.cfg: "
                    + "key 'trusted.proxies': '" + bad + "' is not an IP address or CIDR block"), error.getMessage());
        }
    }

    @Test
    void defaultsAndValidationOfTheOtherKeys() {
        ListenerSpec defaults = ListenerSpec.parse(Map.of("name", "x"));
        assertTrue(defaults.trustedProxies().isEmpty());
        assertEquals(0, defaults.maxConnectionsPerIp());
        assertEquals(0, defaults.connectionRequestRate());
        assertEquals(10_000, defaults.requestHeaderTimeoutMillis());
        assertEquals(60_000, defaults.requestBodyTimeoutMillis());

        ListenerSpec rated = ListenerSpec.parse(Map.of("name", "x", "connection.request.rate", "50"));
        assertEquals(50, rated.connectionRequestBurst(), "the burst defaults to the rate");
        assertEquals(80, ListenerSpec.parse(Map.of("name", "x", "connection.request.rate", "50",
                "connection.request.burst", "80")).connectionRequestBurst());

        ConfigException error = assertThrows(ConfigException.class,
                () -> ListenerSpec.parse(Map.of("name", "x", "max.connections.per.ip", "-1")));
        assertEquals("max.connections.per.ip", error.key());
        error = assertThrows(ConfigException.class,
                () -> ListenerSpec.parse(Map.of("name", "x", "request.header.timeout.ms", "soon")));
        assertEquals("request.header.timeout.ms", error.key());
        assertNull(TrustedProxies.fromInet(null));
    }
}
