package io.caracal.waf.internal.engine;

import static io.caracal.waf.internal.engine.Requests.compile;
import static io.caracal.waf.internal.engine.Requests.get;
import static io.caracal.waf.internal.engine.Requests.post;
import static io.caracal.waf.internal.engine.Requests.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.caracal.waf.internal.seclang.RuleSyntaxException;

import org.junit.jupiter.api.Test;

class RuleEngineTest {

    private static final String DENY_ATTACK = """
            SecRule ARGS "@rx (?i)attack" "id:1,phase:2,deny,status:406,msg:'attack in %{MATCHED_VAR_NAME}',logdata:'%{MATCHED_VAR}'"
            """;

    @Test
    void aMatchingRuleDeniesWithItsStatusAndIsLogged() throws Exception {
        RulePlan plan = compile(DENY_ATTACK);
        Transaction t = run(plan, get("/search?q=an+ATTACK+here&page=1"));
        assertEquals(1, t.interruptingRuleId());
        assertEquals(406, t.interruptStatus());
        MatchEvent event = t.events().get(0);
        assertEquals("attack in ARGS:q", event.message());
        assertEquals("an ATTACK here", event.data());
        assertEquals("ARGS:q", event.variable());
        assertTrue(event.disruptive());
        assertNull(run(plan, get("/search?q=harmless")).interruptedBy());
    }

    @Test
    void detectionOnlyLogsButLetsThrough() throws Exception {
        Transaction t = run(compile(DENY_ATTACK), get("/?q=attack"), true);
        assertNull(t.interruptedBy());
        assertEquals(1L, t.wouldHaveInterrupted());
        assertEquals(1, t.events().size());
    }

    @Test
    void anomalyScoringAddsUpAndTheThresholdRuleDenies() throws Exception {
        RulePlan plan = compile("""
                SecDefaultAction "phase:2,log,pass"
                SecAction "id:900,phase:1,nolog,pass,setvar:tx.threshold=10,setvar:tx.score=0"
                SecRule ARGS "@contains evil" "id:10,phase:2,block,t:none,t:lowercase,setvar:'tx.score=+5'"
                SecRule REQUEST_HEADERS:User-Agent "@pm sqlmap nikto" "id:11,phase:2,block,setvar:tx.score=+5"
                SecRule TX:SCORE "@ge %{tx.threshold}" "id:949,phase:2,deny,msg:'score %{tx.score}'"
                """);
        Transaction one = run(plan, get("/?a=EVIL"));
        assertNull(one.interruptedBy());
        assertEquals("5", one.tx("score"));
        Transaction two = run(plan, get("/?a=EVIL", "User-Agent", "sqlmap/1.7"));
        assertEquals(949, two.interruptingRuleId());
        assertEquals("score 10", two.events().get(two.events().size() - 1).message());
        // A rule that is not chained fires once per matching value.
        Transaction perValue = run(plan, get("/?a=evil&b=evil"));
        assertEquals("10", perValue.tx("score"));
        assertEquals(949, perValue.interruptingRuleId());
    }

    @Test
    void aVariableListSelectedInPhaseOneIsSelectedAgainOnceTheBodyIsParsed() throws Exception {
        // Both rules name the same list, which phase 1 selects before there is a body.
        RulePlan plan = compile("""
                SecRule ARGS|!ARGS:token "@rx (?i)attack" "id:1,phase:1,pass,log,setvar:tx.phase1=+1"
                SecRule ARGS|!ARGS:token "@rx (?i)attack" "id:2,phase:2,deny"
                """);
        Transaction form = run(plan, post("/?q=fine", "application/x-www-form-urlencoded", "comment=an+attack"));
        assertNull(form.tx("phase1"), "phase 1 sees no body arguments");
        assertEquals(2, form.interruptingRuleId());
        assertNull(run(plan, post("/?q=fine", "application/x-www-form-urlencoded", "token=attack")).interruptedBy(),
                "the exclusion holds for body arguments too");
        Transaction query = run(plan, get("/?q=attack"));
        assertEquals("1", query.tx("phase1"));
        assertEquals(2, query.interruptingRuleId());
    }

    @Test
    void multiMatchStagesAreRuledOutOnlyWhenTheyCannotMatch() throws Exception {
        // The prefilter needs ".."; the raw value lacks it, the URL-decoded stage has it.
        RulePlan plan = compile("""
                SecRule ARGS "@rx (?:^|[\\\\/])\\.\\.(?:[\\\\/]|$)" "id:3,phase:2,deny,multiMatch,t:none,t:urlDecodeUni"
                """);
        assertEquals(3, run(plan, get("/?f=%252e%252e%252fetc")).interruptingRuleId());
        assertEquals(3, run(plan, get("/?f=..%2fetc")).interruptingRuleId());
        assertNull(run(plan, get("/?f=%252e%252fetc")).interruptedBy());
    }

    @Test
    void chainsNeedEveryLinkAndSeeThePreviousMatches() throws Exception {
        RulePlan plan = compile("""
                SecRule REQUEST_METHOD "@streq POST" "id:20,phase:2,deny,chain,msg:'post with %{MATCHED_VAR}'"
                    SecRule ARGS_NAMES "@rx ^cmd$" "chain"
                        SecRule MATCHED_VARS "@rx ^cmd$" "setvar:tx.chained=1"
                """);
        assertNull(run(plan, get("/?cmd=x")).interruptedBy());
        assertNull(run(plan, post("/", "application/x-www-form-urlencoded", "other=x")).interruptedBy());
        Transaction t = run(plan, post("/", "application/x-www-form-urlencoded", "cmd=ls"));
        assertEquals(20, t.interruptingRuleId());
        assertEquals("1", t.tx("chained"));
        assertEquals("post with cmd", t.events().get(0).message());
    }

    @Test
    void skipAfterJumpsToTheMarker() throws Exception {
        RulePlan plan = compile("""
                SecAction "id:29,phase:1,pass,nolog,setvar:tx.level=1"
                SecRule TX:LEVEL "@lt 2" "id:30,phase:1,pass,nolog,skipAfter:END-LEVEL-2"
                SecRule ARGS "@rx x" "id:31,phase:1,deny"
                SecMarker END-LEVEL-2
                SecRule ARGS "@rx y" "id:32,phase:1,deny"
                """);
        assertNull(run(plan, get("/?a=x")).interruptedBy());
        assertEquals(32, run(plan, get("/?a=y")).interruptingRuleId());
    }

    @Test
    void countsAndCaptures() throws Exception {
        RulePlan plan = compile("""
                SecRule &ARGS "@gt 2" "id:40,phase:1,deny,msg:'too many'"
                SecRule REQUEST_HEADERS:User-Agent "@rx ^(\\w+)/(\\d+)" "id:41,phase:1,pass,capture,setvar:tx.agent=%{TX.1}-%{tx.2}"
                """);
        assertEquals(40, run(plan, get("/?a=1&b=2&c=3")).interruptingRuleId());
        Transaction t = run(plan, get("/?a=1", "User-Agent", "curl/8"));
        assertNull(t.interruptedBy());
        assertEquals("curl-8", t.tx("agent"));
    }

    @Test
    void ctlRemovesRulesAndTargetsForTheRestOfTheRequest() throws Exception {
        RulePlan plan = compile("""
                SecRule REQUEST_FILENAME "@beginsWith /admin" "id:50,phase:1,pass,nolog,ctl:ruleRemoveById=60"
                SecRule REQUEST_FILENAME "@beginsWith /login" "id:51,phase:1,pass,nolog,ctl:ruleRemoveTargetById=60;ARGS:password"
                SecRule REQUEST_FILENAME "@beginsWith /blog" "id:52,phase:1,pass,nolog,ctl:ruleRemoveByTag=attack-sqli"
                SecRule ARGS "@contains '" "id:60,phase:2,deny,tag:'attack-sqli'"
                """);
        assertEquals(60, run(plan, get("/page?q='")).interruptingRuleId());
        assertNull(run(plan, get("/admin/page?q='")).interruptedBy());
        assertNull(run(plan, get("/login?password=it's")).interruptedBy());
        assertEquals(60, run(plan, get("/login?user=o'brien")).interruptingRuleId());
        assertNull(run(plan, get("/blog?q='")).interruptedBy());
    }

    @Test
    void filterExclusionsRemoveByIdTagAndTarget() throws Exception {
        String rules = """
                SecRule ARGS "@contains '" "id:942100,phase:2,deny,tag:'attack-sqli'"
                SecRule ARGS "@contains <" "id:941100,phase:2,deny,tag:'attack-xss'"
                """;
        assertNull(run(compile(rules, RuleExclusions.parse(List.of("942000-942999"), List.of(), List.of())),
                get("/?q='")).interruptedBy());
        assertNull(run(compile(rules, RuleExclusions.parse(List.of(), List.of("attack-xss"), List.of())),
                get("/?q=<b>")).interruptedBy());
        RulePlan targeted = compile(rules, RuleExclusions.parse(List.of(), List.of(), List.of("942100:ARGS:password")));
        assertNull(run(targeted, get("/?password='")).interruptedBy());
        assertEquals(942100, run(targeted, get("/?other='")).interruptingRuleId());
        RulePlan regexTarget = compile(rules, RuleExclusions.parse(List.of(), List.of(), List.of("9421*:ARGS:/^pass/")));
        assertNull(run(regexTarget, get("/?passphrase='")).interruptedBy());
    }

    @Test
    void ruleSetDirectivesRemoveAndUpdateEarlierRules() throws Exception {
        RulePlan plan = compile("""
                SecRule ARGS "@contains '" "id:1001,phase:2,deny,tag:'a'"
                SecRule ARGS "@contains <" "id:1002,phase:2,deny,tag:'b'"
                SecRule ARGS "@contains |" "id:1003,phase:2,deny,tag:'c'"
                SecRuleRemoveById 1001
                SecRuleRemoveByTag b
                SecRuleUpdateTargetById 1003 "!ARGS:pipe"
                """);
        assertNull(run(plan, get("/?q='")).interruptedBy());
        assertNull(run(plan, get("/?q=<")).interruptedBy());
        assertNull(run(plan, get("/?pipe=|")).interruptedBy());
        assertEquals(1003, run(plan, get("/?q=|")).interruptingRuleId());
        assertEquals(List.of(1003L), plan.ruleIds(2));
    }

    @Test
    void allowStopsRuleProcessing() throws Exception {
        RulePlan plan = compile("""
                SecRule REMOTE_ADDR "@ipMatch 192.0.2.0/24" "id:70,phase:1,allow,nolog"
                SecRule ARGS "@rx ." "id:71,phase:2,deny"
                """);
        assertNull(run(plan, get("/?a=x")).interruptedBy());
    }

    @Test
    void transformationsRunInOrderAndNoneResets() throws Exception {
        RulePlan plan = compile("""
                SecRule ARGS "@streq <script>" "id:80,phase:2,deny,t:urlDecodeUni,t:lowercase"
                SecRule ARGS:raw "@streq %3C" "id:81,phase:2,deny,t:lowercase,t:none"
                """);
        assertEquals(80, run(plan, get("/?a=%253CSCRIPT%253E")).interruptingRuleId());
        assertEquals(81, run(plan, get("/?raw=%253C")).interruptingRuleId());
    }

    @Test
    void requestBodiesBecomeArguments() throws Exception {
        RulePlan plan = compile("""
                SecRule ARGS_POST:json.user.name "@streq root" "id:90,phase:2,deny"
                SecRule ARGS_POST "@streq secret" "id:91,phase:2,deny"
                SecRule REQBODY_ERROR "!@eq 0" "id:92,phase:2,deny,status:400,msg:'%{REQBODY_ERROR_MSG}'"
                SecRule ARGS "@streq late" "id:93,phase:1,deny"
                """);
        assertEquals(90, run(plan, post("/", "application/json", "{\"user\":{\"name\":\"root\"}}")).interruptingRuleId());
        assertEquals(91, run(plan, post("/", "application/x-www-form-urlencoded", "a=secret")).interruptingRuleId());
        Transaction broken = run(plan, post("/", "application/json", "{\"user\":"));
        assertEquals(92, broken.interruptingRuleId());
        assertEquals(400, broken.interruptStatus());
        // Phase 1 runs before the body is read: body arguments are not there yet.
        assertNull(run(plan, post("/", "application/x-www-form-urlencoded", "a=late")).interruptedBy());
    }

    @Test
    void loadErrorsNameTheFileAndLine() {
        assertLoadError("SecRule ARGS \"@rx a\" \"phase:2,deny\"", "test.conf:1: a rule needs an id");
        assertLoadError("SecRule ARGS \"@rx a\" \"id:1,deny\"\nSecRule ARGS \"@rx b\" \"id:1,deny\"", "test.conf:2: rule id 1 is used twice");
        assertLoadError("SecFrobnicate On", "test.conf:1: unknown directive 'SecFrobnicate'");
        assertLoadError("SecRule ARGS \"@rx a\" \"id:1,explode\"", "test.conf:1: unknown action 'explode'");
        assertLoadError("SecRule NOPE \"@rx a\" \"id:1,deny\"", "test.conf:1: unknown variable 'NOPE'");
        assertLoadError("SecRule ARGS \"@rx (\" \"id:1,deny\"", "test.conf:1: @rx");
        assertLoadError("SecRule ARGS \"@rx a\" \"id:1,t:frobnicate\"", "test.conf:1: unknown transformation");
        assertLoadError("SecRule ARGS \"@rx a\" \"id:1,deny,chain\"", "test.conf:1: the last rule ends with 'chain'");
    }

    private static void assertLoadError(String rules, String expected) {
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class, () -> compile(rules));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void aRegexThatHitsItsLimitDoesNotMatchAndSetsTheModSecurityFlag() throws Exception {
        RulePlan plan = compile("""
                SecRule ARGS "@rx ((a+)+)+b" "id:1,phase:2,pass,nolog"
                SecRule TX:MSC_PCRE_LIMITS_EXCEEDED "@eq 1" "id:2,phase:2,deny,msg:'regex limit'"
                """);
        Transaction t = run(plan, get("/?q=b" + "a".repeat(64)));
        assertEquals(2, t.interruptingRuleId());
        assertNull(run(plan, get("/?q=aab")).interruptedBy(), "an ordinary value neither matches nor hits the limit");
    }

    @Test
    void unsupportedOperatorsLoadAndNeverMatch() throws Exception {
        RulePlan plan = compile("SecRule REMOTE_ADDR \"@rbl sbl-xbl.spamhaus.org\" \"id:1,phase:1,deny\"");
        assertNull(run(plan, get("/")).interruptedBy());
        assertEquals(1, plan.report().unsupported().size());
    }
    private static final String TX_RULES = """
            SecAction "id:1,phase:1,pass,nolog,setvar:tx.level=2,setvar:tx.header_name_host=/host/,setvar:tx.Header_Name_Te=/te/,setvar:tx.xheader_name_no=/no/"
            SecRule TX:LEVEL "@lt 3" "id:2,phase:1,pass,log,msg:'%{MATCHED_VAR_NAME}=%{MATCHED_VAR}',setvar:tx.low=1"
            SecRule &TX:missing "@eq 0" "id:3,phase:1,pass,log,msg:'%{MATCHED_VAR_NAME}=%{MATCHED_VAR}',setvar:tx.counted=1"
            SecRule &TX:level "@eq 1" "id:4,phase:1,pass,log,msg:'%{MATCHED_VAR_NAME}=%{MATCHED_VAR}'"
            SecRule TX:missing "!@rx anything" "id:5,phase:1,pass,setvar:tx.negated_missing=1"
            SecRule TX:level "!@eq 2" "id:6,phase:1,pass,setvar:tx.negated_level=1"
            SecRule TX:level "@eq 2" "id:7,phase:1,pass,nolog,chain"
                SecRule &TX:low "@eq 1" "setvar:tx.chained=1"
            SecRule TX:/^HEADER_NAME_/ "@rx ^/" "id:8,phase:1,pass,log,msg:'%{MATCHED_VAR_NAME}',setvar:tx.headers=+1"
            """;

    @Test
    void linksOnOneTxVariableSeeItsValueOrItsCount() throws Exception {
        Transaction t = run(compile(TX_RULES), get("/"));
        assertEquals("1", t.tx("low"));
        assertEquals("1", t.tx("counted"));
        assertNull(t.tx("negated_missing"), "no value, no match, negated or not");
        assertNull(t.tx("negated_level"));
        assertEquals("1", t.tx("chained"));
        assertEquals("2", t.tx("headers"), "the key pattern selects header_name_host and Header_Name_Te");
        assertEquals(List.of("TX:level=2", "TX=0", "TX=1", "TX:header_name_host", "TX:header_name_te"),
                t.events().stream().map(MatchEvent::message).toList());
    }

    @Test
    void linksOnOneTxVariableAnswerAsTheGeneralSelectionDoes() throws Exception {
        // A ctl that removes any target makes every link of the request take the general path.
        String general = "SecAction \"id:99,phase:1,pass,nolog,ctl:ruleRemoveTargetById=999;ARGS:x\"\n" + TX_RULES;
        Transaction fast = run(compile(TX_RULES), get("/"));
        Transaction slow = run(compile(general), get("/"));
        for (String name : List.of("low", "counted", "negated_missing", "negated_level", "chained", "headers")) {
            assertEquals(slow.tx(name), fast.tx(name), name);
        }
        assertEquals(slow.events().stream().map(MatchEvent::message).toList(),
                fast.events().stream().map(MatchEvent::message).toList());
    }

    @Test
    void aCaretAndLiteralKeyPatternMatchesAsTheRegexDoes() {
        for (String text : List.of("^HEADER_NAME_", "^msc_1", "^a")) {
            Target target = Target.parse("TX:/" + text + "/", false);
            java.util.regex.Pattern regex = java.util.regex.Pattern.compile(text,
                    java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL);
            for (String key : List.of("header_name_host", "HEADER_NAME_", "Header_Name_x", "header_name", "xheader_name_",
                    "header-name_", "msc_1", "MSC_12", "msc_", "\u212Aeader_name_", "header_nam\u0131_", "\u0131", "A", "",
                    "header\u017Fname_")) {
                assertEquals(regex.matcher(key).find(), target.patternSelects(key), text + " on " + key);
            }
        }
    }
    @Test
    void valuesKnownNotToMatchAreSkippedOnlyWhenTheyAreKnownNotToMatch() throws Exception {
        // Three rules over one list: from the second on, a link looks only at the values that are
        // new to the memo when all the others are known not to match it.
        RulePlan plan = compile("""
                SecRule ARGS "@rx zzz" "id:1,phase:2,pass,nolog"
                SecRule ARGS "@rx attack" "id:2,phase:2,pass,log,msg:'%{MATCHED_VAR_NAME}',setvar:tx.hits=+1"
                SecRule ARGS "@rx other" "id:3,phase:2,pass,log,msg:'%{MATCHED_VAR_NAME}'"
                """);
        for (int i = 0; i < 3; i++) {
            assertNull(run(plan, get("/?a=fine&b=good")).tx("hits"), "benign, seen " + (i + 1) + " times");
        }
        Transaction newValue = run(plan, get("/?a=fine&b=good&c=an+attack"));
        assertEquals("1", newValue.tx("hits"));
        assertEquals(List.of("ARGS:c"), newValue.events().stream().map(MatchEvent::message).toList());
        for (int i = 0; i < 3; i++) {
            // "an attack" is remembered to match rule 2: it is never skipped, wherever it stands
            Transaction known = run(plan, get("/?a=an+attack&b=good&c=fine&d=an+attack"));
            assertEquals("2", known.tx("hits"), "round " + i);
            assertEquals(List.of("ARGS:a", "ARGS:d"), known.events().stream().map(MatchEvent::message).toList());
        }
        Transaction other = run(plan, get("/?a=fine&b=another+one&c=good"));
        assertNull(other.tx("hits"));
        assertEquals(List.of("ARGS:b"), other.events().stream().map(MatchEvent::message).toList());
    }
    @Test
    void aRememberedCapturingMatchCapturesAgainAsItDidTheFirstTime() throws Exception {
        RulePlan plan = compile("""
                SecRule ARGS:x "@rx (x)(y)(z)(w)" "id:1,phase:2,pass,nolog,capture"
                SecRule ARGS:v "@rx ^(a+)(b*)$" "id:2,phase:2,pass,log,capture,msg:'%{tx.0}|%{tx.1}|%{tx.2}|%{tx.3}|%{tx.4}',setvar:tx.seen_%{tx.1}=%{tx.2}"
                """);
        for (int i = 0; i < 4; i++) {
            // the same values each time: from the second on, rule 2's match comes from the memo
            Transaction t = run(plan, get("/?x=xyzw&v=aab"));
            assertEquals(List.of("aab|aa|b||"), t.events().stream().map(MatchEvent::message).toList(), "round " + i);
            assertEquals("b", t.tx("seen_aa"));
            assertNull(t.tx("3"), "TX.3 from rule 1 is unset by rule 2's match");
        }
    }
}
