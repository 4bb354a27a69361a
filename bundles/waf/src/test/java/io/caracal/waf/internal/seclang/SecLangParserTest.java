package io.caracal.waf.internal.seclang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SecLangParserTest {

    @Test
    void readsContinuedLinesCommentsAndQuotes() throws Exception {
        String text = """
                # a comment
                SecRule REQUEST_HEADERS:User-Agent "@rx \\"quoted\\" (a|b)" \\
                    "id:1,\\
                    phase:1,\\
                    deny"

                SecMarker END-OF-SOMETHING
                """;
        List<Directive> directives = SecLangParser.parse("rules.conf", text);
        assertEquals(2, directives.size());
        Directive rule = directives.get(0);
        assertEquals("SecRule", rule.name());
        assertEquals(List.of("REQUEST_HEADERS:User-Agent", "@rx \"quoted\" (a|b)", "id:1,    phase:1,    deny"),
                rule.arguments());
        assertEquals(2, rule.line());
        assertEquals("rules.conf:2", rule.location());
        assertEquals(List.of("END-OF-SOMETHING"), directives.get(1).arguments());
        assertEquals(7, directives.get(1).line());
    }

    @Test
    void anUnterminatedQuoteNamesFileAndLine() {
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class,
                () -> SecLangParser.parse("bad.conf", "\n\nSecRule ARGS \"@rx x\" \"id:1\n"));
        assertTrue(e.getMessage().startsWith("bad.conf:3: unterminated"), e.getMessage());
    }

    @Test
    void actionListsKeepQuotedCommas() throws Exception {
        List<ActionSpec> actions = ActionListParser.parse("f:1",
                "id:942100, phase:2,block,msg:'SQL Injection, detected',t:none,setvar:'tx.score=+%{tx.critical}',"
                        + "logdata:'it\\'s here',ctl:ruleRemoveTargetById=942100;ARGS:pwd");
        assertEquals(new ActionSpec("id", "942100"), actions.get(0));
        assertEquals(new ActionSpec("phase", "2"), actions.get(1));
        assertEquals(new ActionSpec("block", null), actions.get(2));
        assertEquals(new ActionSpec("msg", "SQL Injection, detected"), actions.get(3));
        assertEquals(new ActionSpec("t", "none"), actions.get(4));
        assertEquals(new ActionSpec("setvar", "tx.score=+%{tx.critical}"), actions.get(5));
        assertEquals(new ActionSpec("logdata", "it's here"), actions.get(6));
        assertEquals(new ActionSpec("ctl", "ruleRemoveTargetById=942100;ARGS:pwd"), actions.get(7));
    }

    @Test
    void variableListsKeepRegexSelectorsWhole() throws Exception {
        List<VariableSpec> specs = VariableListParser.parse("f:1",
                "REQUEST_COOKIES|!REQUEST_COOKIES:/^(?:a|b)$/|&TX:paranoia_level|ARGS:'x y'|XML:/*|REQUEST_HEADERS:User-Agent");
        assertEquals(6, specs.size());
        assertEquals(new VariableSpec("REQUEST_COOKIES", null, false, false, false), specs.get(0));
        assertEquals(new VariableSpec("REQUEST_COOKIES", "^(?:a|b)$", true, true, false), specs.get(1));
        assertEquals(new VariableSpec("TX", "paranoia_level", false, false, true), specs.get(2));
        assertEquals(new VariableSpec("ARGS", "x y", false, false, false), specs.get(3));
        assertEquals(new VariableSpec("XML", "/*", false, false, false), specs.get(4));
        assertEquals(new VariableSpec("REQUEST_HEADERS", "User-Agent", false, false, false), specs.get(5));
    }
}
