package io.caracal.accesscontrol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import io.caracal.api.config.ConfigException;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;
import io.caracal.api.testing.FakeFilterContext;

import org.junit.jupiter.api.Test;

class IpAccessFilterTest {

    private static final Path HOME = Path.of("/opt/caracal");

    private static BuiltFilter build(String... keysAndValues) {
        return IpAccessFilter.build(TestSettings.settings(HOME, keysAndValues));
    }

    private static FilterDecision apply(RequestFilter filter, String client) {
        return filter.apply(new FakeFilterContext().client(client));
    }

    private static boolean allowed(RequestFilter filter, String client) {
        return apply(filter, client).allowed();
    }

    @Test
    void allowsIpv4ClientsInTheAllowListOnly() {
        RequestFilter filter = build("name", "office", "allow", "10.0.0.0/8, 192.0.2.7").filter();
        assertTrue(allowed(filter, "10.1.2.3"));
        assertTrue(allowed(filter, "192.0.2.7"));
        FilterDecision refused = apply(filter, "192.0.2.8");
        assertFalse(refused.allowed());
        assertEquals(403, refused.status());
        assertEquals("client address 192.0.2.8 is not allowed", refused.reason());
    }

    @Test
    void matchesIpv6Blocks() {
        RequestFilter filter = build("name", "v6", "allow", "2001:db8::/32", "deny", "2001:db8:dead::/48").filter();
        assertTrue(allowed(filter, "2001:db8:1::5"));
        assertFalse(allowed(filter, "2001:db8:dead::1"));
        assertFalse(allowed(filter, "2001:db9::1"));
        assertFalse(allowed(filter, "10.0.0.1"), "an IPv4 client is not in an IPv6 allow list");
        assertTrue(allowed(filter, "[2001:DB8:0:0::7]"), "brackets and upper case are normalised");
    }

    @Test
    void ipv4MappedClientsMatchIpv4Rules() {
        RequestFilter filter = build("name", "mapped", "allow", "10.0.0.0/8", "deny", "10.9.9.9").filter();
        assertTrue(allowed(filter, "::ffff:10.0.0.1"));
        assertTrue(allowed(filter, "::FFFF:a00:2"));
        assertFalse(allowed(filter, "::ffff:10.9.9.9"));
        assertFalse(allowed(filter, "::ffff:11.0.0.1"));
        assertEquals("client address 10.9.9.9 is not allowed", apply(filter, "::ffff:10.9.9.9").reason());
    }

    @Test
    void ipv4MappedRulesMatchIpv4Clients() {
        RequestFilter filter = build("name", "mapped-rule", "allow", "::ffff:10.0.0.0/104").filter();
        assertTrue(allowed(filter, "10.200.0.1"));
        assertTrue(allowed(filter, "::ffff:10.200.0.1"));
        assertFalse(allowed(filter, "11.0.0.1"));
    }

    @Test
    void denyWinsOverAllow() {
        RequestFilter filter = build("name", "precedence", "allow", "10.0.0.0/8", "deny", "10.1.0.0/16").filter();
        assertTrue(allowed(filter, "10.2.0.1"));
        assertFalse(allowed(filter, "10.1.2.3"));
    }

    @Test
    void denyAloneAllowsEveryoneElse() {
        RequestFilter filter = build("name", "blocklist", "deny", "203.0.113.0/24, 2001:db8::1").filter();
        assertTrue(allowed(filter, "198.51.100.1"));
        assertTrue(allowed(filter, "2001:db8::2"));
        assertFalse(allowed(filter, "203.0.113.99"));
        assertFalse(allowed(filter, "2001:db8::1"));
    }

    @Test
    void unknownClientAddressIsRefused() {
        RequestFilter filter = build("name", "blocklist", "deny", "203.0.113.0/24").filter();
        FilterDecision decision = apply(filter, "unknown");
        assertFalse(decision.allowed());
        assertEquals(403, decision.status());
    }

    @Test
    void linkLocalZoneIsIgnored() {
        RequestFilter filter = build("name", "ll", "allow", "fe80::/10").filter();
        assertTrue(allowed(filter, "fe80::1%eth0"));
    }

    @Test
    void hostBitsMeanTheWholeBlockWithAWarning() {
        BuiltFilter built = build("name", "sloppy", "allow", "10.1.2.3/8");
        assertTrue(allowed(built.filter(), "10.200.0.1"));
        assertEquals(1, built.warnings().size());
        assertTrue(built.warnings().get(0).contains("10.0.0.0/8"), built.warnings().toString());
    }

    @Test
    void badCidrNamesFileAndKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> build("name", "bad", "allow", "10.0.0.0/8, 10.0.0.0/33"));
        assertEquals("allow", e.key());
        assertTrue(e.getMessage().startsWith(TestSettings.CFG + ": key 'allow': '10.0.0.0/33'"), e.getMessage());
        ConfigException deny = assertThrows(ConfigException.class, () -> build("name", "bad", "deny", "300.1.1.1"));
        assertEquals("deny", deny.key());
    }

    @Test
    void rangesAndWildcardsAreNotCidrs() {
        assertEquals("allow", assertThrows(ConfigException.class, () -> build("name", "x", "allow", "10.0.0.1-10.0.0.9")).key());
        assertEquals("allow", assertThrows(ConfigException.class, () -> build("name", "x", "allow", "10.*.*.*")).key());
        assertEquals("allow", assertThrows(ConfigException.class, () -> build("name", "x", "allow", "*")).key());
        assertEquals("allow", assertThrows(ConfigException.class, () -> build("name", "x", "allow", "example.com")).key());
    }

    @Test
    void emptyListsAreRejected() {
        assertEquals("allow", assertThrows(ConfigException.class, () -> build("name", "empty")).key());
    }

    @Test
    void nameIsRequiredAndSimple() {
        assertEquals("name", assertThrows(ConfigException.class, () -> build("allow", "10.0.0.0/8")).key());
        assertEquals("name", assertThrows(ConfigException.class, () -> build("name", "a,b", "allow", "10.0.0.0/8")).key());
    }

    @Test
    void listsMayArriveAsArrays() {
        java.util.Map<String, Object> properties = TestSettings.properties("name", "arrays");
        properties.put("allow", new String[] { "10.0.0.0/8", "2001:db8::/32" });
        RequestFilter filter = IpAccessFilter.build(new FilterSettings(properties, HOME)).filter();
        assertTrue(allowed(filter, "2001:db8::1"));
        assertTrue(allowed(filter, "10.0.0.1"));
    }
}
