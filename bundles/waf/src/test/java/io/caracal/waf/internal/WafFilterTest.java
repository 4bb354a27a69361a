package io.caracal.waf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caracal.api.filter.FilterDecision;
import io.caracal.api.testing.FakeFilterContext;
import io.caracal.waf.internal.engine.RuleCompiler;
import io.caracal.waf.internal.engine.RulePlan;

import org.junit.jupiter.api.Test;

/** The filter around the engine: decisions, request ids, body limits and the outbound phases. */
class WafFilterTest {

    private static final String RULES = """
            SecRule ARGS "@contains attack" "id:1,phase:2,deny,msg:'attack'"
            SecRule RESPONSE_STATUS "@streq 599" "id:2,phase:3,deny,msg:'odd status'"
            SecRule RESPONSE_BODY "@contains SQL syntax" "id:3,phase:4,deny,msg:'SQL error leaked'"
            """;

    private static WafFilter filter(String... settings) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put("name", "shield");
        properties.put("rulesets", "test");
        for (int i = 0; i < settings.length; i += 2) {
            properties.put(settings[i], settings[i + 1]);
        }
        RulePlan plan = RuleCompiler.compile(List.of(new RuleCompiler.Source("test.conf", RULES, name -> List.of())),
                WafSettings.read(properties).exclusions());
        return new WafFilter(new WafFilter.State(WafSettings.read(properties), plan, List.of()));
    }

    private static FakeFilterContext request(String query) {
        return new FakeFilterContext().method("GET").path("/page").query(query).host("shop.example")
                .header("Host", "shop.example").header("User-Agent", "Mozilla/5.0");
    }

    @Test
    void aDeniedRequestGets403WithARequestId() throws Exception {
        FakeFilterContext context = request("q=an+attack");
        FilterDecision decision = filter().apply(context);
        assertEquals(403, decision.status());
        String requestId = decision.headers().get(0).getValue();
        assertEquals("X-Request-Id", decision.headers().get(0).getKey());
        assertTrue(requestId.matches("[0-9a-f]{16}"), requestId);
        assertTrue(decision.reason().contains(requestId), decision.reason());
        assertTrue(filter().apply(request("q=fine")).allowed());
    }

    @Test
    void detectionOnlyLetsTheRequestThrough() throws Exception {
        assertTrue(filter("mode", "detection-only").apply(request("q=attack")).allowed());
    }

    @Test
    void aBodyLongerThanTheLimitIsRejectedOrInspectedInPart() throws Exception {
        byte[] start = "q=attack&x=".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FakeFilterContext longer = request(null).method("POST").header("Content-Type", "application/x-www-form-urlencoded")
                .body(start, false, 10_000);
        assertEquals(413, filter("body.limit", "64").apply(longer).status());
        FakeFilterContext partial = request(null).method("POST").header("Content-Type", "application/x-www-form-urlencoded")
                .body(start, false, 10_000);
        assertEquals(403, filter("body.limit", "64", "body.limit.action", "inspect-partially").apply(partial).status(),
                "the inspected part is still judged");
    }

    @Test
    void outboundRulesSeeStatusHeadersAndTextBodies() throws Exception {
        WafFilter waf = filter();
        FakeFilterContext leaking = request("q=fine");
        assertTrue(waf.apply(leaking).allowed());
        assertEquals(1, leaking.responseInspectors.size());
        FilterDecision refused = leaking.respond(500, "<p>You have an error in your SQL syntax near ''</p>",
                "Content-Type", "text/html; charset=utf-8");
        assertEquals(403, refused.status());
        assertTrue(refused.reason().startsWith("response blocked"), refused.reason());

        FakeFilterContext json = request("q=fine");
        waf.apply(json);
        assertTrue(json.respond(200, "{\"note\":\"SQL syntax\"}", "Content-Type", "application/json").allowed(),
                "bodies of other types are not inspected");

        FakeFilterContext odd = request("q=fine");
        waf.apply(odd);
        assertEquals(403, odd.respond(599, "", "Content-Type", "application/octet-stream").status());

        FakeFilterContext off = request("q=fine");
        filter("responses", "false").apply(off);
        assertEquals(0, off.responseInspectors.size());
    }
}
