package io.caracal.waf.internal.engine;

import static io.caracal.waf.internal.engine.Requests.compile;
import static io.caracal.waf.internal.engine.Requests.get;
import static io.caracal.waf.internal.engine.Requests.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * When actions run and what the path variables hold, as ModSecurity does it. CRS depends on each
 * of these: the restricted-extension, restricted-header and content-type rules read in their
 * second link what the first link's setvar wrote.
 */
class ModSecuritySemanticsTest {

    @Test
    void aChainStartersSetvarRunsBeforeTheNextLinkReadsIt() throws Exception {
        RulePlan plan = compile("""
                SecRule REQUEST_BASENAME "@rx \\.([^.]+)$" "id:1,phase:2,deny,capture,setvar:'tx.extension=.%{tx.1}/',chain"
                    SecRule TX:EXTENSION "@within .sql/ .bak/" "t:none,t:lowercase"
                """);
        assertEquals(1, run(plan, get("/backup/shop.SQL")).interruptingRuleId());
        Transaction html = run(plan, get("/index.html"));
        assertNull(html.interruptedBy());
        // The starter matched, so its setvar ran even though the chain as a whole did not match.
        assertEquals(".html/", html.tx("extension"));
    }

    @Test
    void eachMatchRunsTheLinksActionsWithItsOwnCapture() throws Exception {
        RulePlan plan = compile("""
                SecRule REQUEST_HEADERS_NAMES "@rx ^.*$" "id:2,phase:2,deny,capture,t:none,t:lowercase,setvar:'tx.header_name_%{tx.0}=/%{tx.0}/',chain"
                    SecRule TX:/^header_name_/ "@within /proxy/ /lock-token/"
                """);
        // Proxy is not the last header: only per-match actions record it.
        Transaction t = run(plan, get("/", "Proxy", "http://203.0.113.5:8080", "X-Trace", "1"));
        assertEquals(2, t.interruptingRuleId());
        assertEquals("/proxy/", t.tx("header_name_proxy"));
        assertEquals("/host/", t.tx("header_name_host"));
        assertNull(run(plan, get("/", "X-Trace", "1")).interruptedBy());
    }

    @Test
    void theLastLinksActionsAndLogRunForEachOfItsMatches() throws Exception {
        RulePlan plan = compile("""
                SecRule REQUEST_METHOD "@streq GET" "id:3,phase:2,pass,log,msg:'arg %{MATCHED_VAR_NAME}',chain"
                    SecRule ARGS "@rx ^x" "setvar:tx.score=+5"
                """);
        Transaction t = run(plan, get("/?a=x1&b=y&c=x2"));
        assertEquals("10", t.tx("score"));
        assertEquals(2, t.events().size());
        assertEquals("arg ARGS:a", t.events().get(0).message());
        assertEquals("arg ARGS:c", t.events().get(1).message());
    }

    @Test
    void aChainThatFailsLaterKeepsEarlierSetvarsButAddsNoScore() throws Exception {
        RulePlan plan = compile("""
                SecRule ARGS:a "@rx ." "id:4,phase:2,pass,setvar:tx.seen=1,chain"
                    SecRule ARGS:b "@rx ." "setvar:tx.score=+5"
                """);
        Transaction t = run(plan, get("/?a=1"));
        assertEquals("1", t.tx("seen"));
        assertNull(t.tx("score"));
        assertEquals(0, t.events().size());
    }

    @Test
    void matchedVarsCollectTheMatchesOfTheChainSoFar() throws Exception {
        RulePlan plan = compile("""
                SecRule ARGS:a "@rx evil" "id:5,phase:2,deny,chain"
                    SecRule ARGS:b "@rx ." "chain"
                        SecRule MATCHED_VARS "@rx evil" "setvar:tx.found=%{MATCHED_VAR_NAME}"
                """);
        Transaction t = run(plan, get("/?a=evil&b=1"));
        assertEquals(5, t.interruptingRuleId());
        assertEquals("ARGS:a", t.tx("found"));
    }

    @Test
    void multiMatchCountsEveryTransformationStageThatMatches() throws Exception {
        RulePlan plan = compile("""
                SecRule ARGS "@rx a;b" "id:6,phase:2,pass,nolog,multiMatch,t:none,t:lowercase,setvar:tx.hits=+1"
                """);
        // Matches as sent and again once lowercased.
        assertEquals("2", run(plan, get("/?q=a;bX")).tx("hits"));
        // Lowercasing changes nothing, so the operator runs once.
        assertEquals("1", run(plan, get("/?q=a;b")).tx("hits"));
        // Only the lowercased stage matches.
        assertEquals("1", run(plan, get("/?q=A;B")).tx("hits"));
    }

    @Test
    void requestFilenameAndBasenameAreDecodedButRequestUriIsNot() throws Exception {
        RulePlan plan = compile("""
                SecRule REQUEST_FILENAME "@rx ^(.*)$" "id:7,phase:1,pass,nolog,capture,setvar:'tx.filename=%{tx.1}'"
                SecRule REQUEST_BASENAME "@rx ^(.*)$" "id:8,phase:1,pass,nolog,capture,setvar:'tx.basename=%{tx.1}'"
                SecRule REQUEST_URI "@rx ^(.*)$" "id:9,phase:1,pass,nolog,capture,setvar:'tx.uri=%{tx.1}'"
                """);
        Transaction encodedDot = run(plan, get("/logs/error%2elog?x=%41"));
        assertEquals("/logs/error.log", encodedDot.tx("filename"));
        assertEquals("error.log", encodedDot.tx("basename"));
        assertEquals("/logs/error%2elog?x=%41", encodedDot.tx("uri"));
        Transaction backslash = run(plan, get("/files/..%5cwindows%5cwin.ini"));
        assertEquals("/files/..\\windows\\win.ini", backslash.tx("filename"));
        assertEquals("win.ini", backslash.tx("basename"));
        // A '%' without two hex digits stays; '+' is not a space in a path.
        assertEquals("/a+b/100%.txt", run(plan, get("/a+b/100%.txt")).tx("filename"));
        assertEquals("", run(plan, get("/dir/")).tx("basename"));
    }

    @Test
    void rulesEvaluatedCountsChainsOnceAndSkipsWhatSkipAfterJumpsOver() throws Exception {
        RulePlan plan = compile("""
                SecAction "id:10,phase:1,pass,nolog,setvar:tx.level=1"
                SecRule TX:LEVEL "@lt 2" "id:11,phase:1,pass,nolog,skipAfter:END-LEVEL-2"
                SecRule ARGS "@rx x" "id:12,phase:1,deny"
                SecMarker END-LEVEL-2
                SecRule REQUEST_METHOD "@streq GET" "id:13,phase:2,pass,nolog,chain"
                    SecRule ARGS "@rx ." "t:none"
                """);
        Transaction t = run(plan, get("/?a=1&b=2"));
        assertEquals(3, t.rulesEvaluated());
        // SecAction: none; rule 11: TX:LEVEL; chain 13: REQUEST_METHOD, then both arguments.
        assertEquals(4, t.valuesInspected());
    }
}
