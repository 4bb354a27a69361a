package io.caracal.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class HostNamesTest {

    @Test
    void exactNamesIgnoreCaseAndTheTrailingDot() {
        assertTrue(HostNames.matches("example.com", "EXAMPLE.com."));
        assertFalse(HostNames.matches("example.com", "www.example.com"));
    }

    @Test
    void wildcardsCoverExactlyOneLabel() {
        assertTrue(HostNames.matches("*.example.com", "a.example.com"));
        assertFalse(HostNames.matches("*.example.com", "example.com"));
        assertFalse(HostNames.matches("*.example.com", "a.b.example.com"));
        assertFalse(HostNames.matches("*.example.com", ".example.com"));
        assertFalse(HostNames.matches("*.example.com", "aexample.com"));
    }

    @Test
    void namesComeFromDnsSansElseTheCommonName() throws Exception {
        TestPki.Issued ca = TestPki.ca("Name CA");
        assertEquals(List.of("a.example.com", "*.b.example.com"),
                HostNames.of(TestPki.server(ca, TestPki.ec(), "a.example.com", "*.B.example.com").certificate()));
        assertEquals(List.of("name ca"), HostNames.of(ca.certificate()), "no SAN: the CN");
    }
}
