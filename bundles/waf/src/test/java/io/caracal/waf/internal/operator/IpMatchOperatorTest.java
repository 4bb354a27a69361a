package io.caracal.waf.internal.operator;

import static io.caracal.waf.internal.operator.OperatorsTest.op;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpMatchOperatorTest {

    private static boolean test(String argument, String input) {
        return op("ipMatch", argument).matches(input, FakeMatchContext.plain());
    }

    @Test
    void singleAddresses() {
        assertTrue(test("127.0.0.1,::1", "127.0.0.1"));
        assertTrue(test("127.0.0.1,::1", "::1"));
        assertTrue(test("127.0.0.1,::1", "0:0:0:0:0:0:0:1"));
        assertFalse(test("127.0.0.1,::1", "127.0.0.2"));
    }

    @Test
    void networks() {
        assertTrue(test("192.168.0.0/16, 10.0.0.0/8", "192.168.200.7"));
        assertTrue(test("10.1.2.3/8", "10.200.0.1"), "host bits in the network are ignored");
        assertFalse(test("192.168.0.0/24", "192.168.1.1"));
        assertTrue(test("2001:db8::/32", "2001:db8:1::42"));
        assertFalse(test("2001:db8::/32", "2001:db9::1"));
        assertFalse(test("10.0.0.0/8", "::ffff:10.0.0.1"), "IPv4 and IPv6 are kept apart");
    }

    @Test
    void inputThatIsNotAnAddressNeverMatches() {
        assertFalse(test("0.0.0.0/0", "localhost"));
        assertFalse(test("0.0.0.0/0", ""));
        assertFalse(test("0.0.0.0/0", "1.2.3.4/8"));
        assertFalse(test("0.0.0.0/0", "1.2.3.*"));
        assertTrue(test("0.0.0.0/0", " 1.2.3.4 "));
    }

    @Test
    void invalidNetworksAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> op("ipMatch", "300.1.1.1"));
        assertThrows(IllegalArgumentException.class, () -> op("ipMatch", "1.2.3.4/40"));
        assertThrows(IllegalArgumentException.class, () -> op("ipMatch", "example.com"));
        assertThrows(IllegalArgumentException.class, () -> op("ipMatch", ""));
    }

    @Test
    void ipMatchFromFile() {
        DataFiles files = name -> List.of("# blocked", "", " 203.0.113.0/24 ", "2001:db8::1");
        Operator operator = Operators.create("ipMatchFromFile", "blocked.data", files);
        assertTrue(operator.matches("203.0.113.99", FakeMatchContext.plain()));
        assertTrue(operator.matches("2001:db8::1", FakeMatchContext.plain()));
        assertFalse(operator.matches("198.51.100.1", FakeMatchContext.plain()));
        assertTrue(Operators.create("ipMatchF", "blocked.data", files).matches("203.0.113.1", FakeMatchContext.plain()));
    }
}
