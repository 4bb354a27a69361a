package io.caracal.api.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.ResponseInspector;
import io.caracal.api.filter.ResponseView;

import org.junit.jupiter.api.Test;

/** The fixture plays the core's part for response inspectors the way the core does. */
class FakeFilterContextTest {

    @Test
    void respondShowsEveryInspectorTheLargestLimitInOrderUntilOneRejects() {
        FakeFilterContext context = new FakeFilterContext();
        List<String> seen = new ArrayList<>();
        context.inspectResponse(inspector("a", 4, seen, false));
        context.inspectResponse(inspector("b", 6, seen, true));
        context.inspectResponse(inspector("c", 0, seen, false));

        FilterDecision decision = context.respond(200, "0123456789", "Content-Type", "text/plain");

        assertFalse(decision.allowed());
        assertEquals(List.of("a:012345:false:200:text/plain", "b:012345:false:200:text/plain"), seen);
        assertEquals(3, context.responseInspectors.size());
    }

    @Test
    void aBodyWithinTheLimitIsComplete() {
        FakeFilterContext context = new FakeFilterContext();
        List<String> seen = new ArrayList<>();
        context.inspectResponse(inspector("a", 100, seen, false));
        assertTrue(context.respond(404, "gone", "Content-Type", "text/plain").allowed());
        assertEquals(List.of("a:gone:true:404:text/plain"), seen);
    }

    private static ResponseInspector inspector(String name, int limit, List<String> seen, boolean reject) {
        return new ResponseInspector() {
            @Override
            public int bodyLimit(int status, List<Map.Entry<String, String>> headers) {
                return limit;
            }

            @Override
            public FilterDecision inspect(ResponseView response) {
                seen.add(name + ":" + StandardCharsets.UTF_8.decode(response.body()) + ":" + response.bodyComplete()
                        + ":" + response.status() + ":" + response.headerFields().get(0).getValue());
                return reject ? FilterDecision.reject(403, name) : FilterDecision.proceed();
            }
        };
    }
}
