package io.caracal.core.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    @Test
    void forwardedElementQuotesWhereRfc7239Requires() {
        assertEquals("for=192.0.2.1;host=example.com;proto=http",
                ForwardedHeaders.forwardedElement("192.0.2.1", "example.com", "http"));
        assertEquals("for=\"[2001:db8::1]\";host=\"example.com:8080\";proto=https",
                ForwardedHeaders.forwardedElement("2001:db8::1", "example.com:8080", "https"));
    }

    @Test
    void hopByHopAndConnectionListedFieldsAreDropped() {
        HttpFields fields = HttpFields.build().add(HttpHeader.CONNECTION, "keep-alive, X-Hop")
                .add("X-Hop", "1").add("X-End", "2").add(HttpHeader.TE, "trailers");
        Set<String> tokens = ForwardedHeaders.connectionTokens(fields);
        assertEquals(Set.of("keep-alive", "x-hop"), tokens);
        assertFalse(ForwardedHeaders.isEndToEnd(new HttpField("X-Hop", "1"), tokens));
        assertFalse(ForwardedHeaders.isEndToEnd(new HttpField(HttpHeader.TE, "trailers"), tokens));
        assertFalse(ForwardedHeaders.isEndToEnd(new HttpField(HttpHeader.CONNECTION, "close"), tokens));
        assertTrue(ForwardedHeaders.isEndToEnd(new HttpField("X-End", "2"), tokens));
    }

    @Test
    void viaNamesTheReceivedProtocol() {
        assertEquals("1.1 caracal", ForwardedHeaders.viaEntry(HttpVersion.HTTP_1_1));
        assertEquals("2.0 caracal", ForwardedHeaders.viaEntry(HttpVersion.HTTP_2));
        HttpFields.Mutable fields = HttpFields.build();
        ForwardedHeaders.append(fields, HttpHeader.VIA, "1.1 edge", "1.1 caracal");
        assertEquals("1.1 edge, 1.1 caracal", fields.get(HttpHeader.VIA));
    }
}
