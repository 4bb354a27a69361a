package io.caracal.waf.internal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;

import io.caracal.waf.internal.prefilter.Condition;
import io.caracal.waf.internal.prefilter.LiteralScanner;
import org.junit.jupiter.api.Test;

/**
 * Runs every CRS @rx pattern over a few hundred attack and edge-case inputs and compares match,
 * match span and capture spans with what real PCRE produced (crs-pcre-expectations.txt, made by
 * src/test/pcre-oracle/generate_expectations.py), and checks that each pattern's prefilter
 * condition admits every input PCRE matched.
 */
class CrsRegexBehaviourTest {

    /** The CRS default for the only macro used inside a CRS @rx pattern. */
    private static final Map<String, String> CRS_MACROS =
            Map.of("%{tx.allowed_request_content_type_charset}", "utf-8|iso-8859-1|iso-8859-15|windows-1252");

    @Test
    void crsPatternsMatchLikePcre() throws IOException {
        Expectations expected = Expectations.load();
        List<String> mismatches = new ArrayList<>();
        int checkedPatterns = 0;
        for (SecRuleReader.RuleOperator op : CrsRules.operators()) {
            if (!op.name().equalsIgnoreCase("rx")) {
                continue;
            }
            String pattern = op.argument();
            for (Map.Entry<String, String> macro : CRS_MACROS.entrySet()) {
                pattern = pattern.replace(macro.getKey(), macro.getValue());
            }
            Integer index = expected.patternBySha1.get(sha1(pattern));
            if (index == null) {
                mismatches.add(op + ": pattern not in the expectations file (regenerate it?)");
                continue;
            }
            checkedPatterns++;
            BoundedRegex regex = BoundedRegex.compile(pattern, RegexStepLimit.DEFAULT);
            java.util.Set<String> words = new java.util.LinkedHashSet<>();
            Condition.words(regex.condition(), words);
            LiteralScanner scanner = LiteralScanner.of(words);
            Condition condition = Condition.bind(regex.condition(), scanner);
            for (int i = 0; i < expected.inputs.size(); i++) {
                String want = expected.matches.get(index + " " + i);
                String got = describe(regex.find(expected.inputs.get(i), 0));
                if (!String.valueOf(want).equals(String.valueOf(got))) {
                    mismatches.add(op + " on input " + i + ": PCRE " + want + ", here " + got);
                }
                if (want != null && !condition.test(scanner.scan(expected.inputs.get(i)))) {
                    mismatches.add(op + " on input " + i + ": PCRE matches, but the prefilter " + condition + " rules it out");
                }
            }
        }
        assertTrue(checkedPatterns >= 250, "only " + checkedPatterns + " CRS patterns checked");
        assertEquals(List.of(), mismatches.subList(0, Math.min(20, mismatches.size())));
    }

    /** Same text form as the expectations file: "start end [s,e ...]", or null for no match. */
    private static String describe(MatchResult match) {
        if (match == null) {
            return null;
        }
        int last = 0;
        for (int g = 1; g <= Math.min(9, match.groupCount()); g++) {
            if (match.start(g) >= 0) {
                last = g;
            }
        }
        StringBuilder text = new StringBuilder().append(match.start()).append(' ').append(match.end());
        for (int g = 1; g <= last; g++) {
            text.append(' ').append(match.start(g)).append(',').append(match.end(g));
        }
        return text.toString();
    }

    private static String sha1(String byteString) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(byteString.getBytes(StandardCharsets.ISO_8859_1));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Expectations {
        final List<String> inputs = new ArrayList<>();
        final Map<String, Integer> patternBySha1 = new HashMap<>();
        /** "pattern input" to "start end groups". */
        final Map<String, String> matches = new HashMap<>();

        static Expectations load() throws IOException {
            Expectations e = new Expectations();
            try (InputStream in = CrsRegexBehaviourTest.class.getResourceAsStream("/crs-pcre-expectations.txt")) {
                String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                for (String line : text.split("\n")) {
                    String[] f = line.split(" ");
                    switch (f[0]) {
                        case "input":
                            byte[] bytes = HexFormat.of().parseHex(f.length > 2 ? f[2] : "");
                            e.inputs.add(new String(bytes, StandardCharsets.ISO_8859_1));
                            break;
                        case "pattern":
                            e.patternBySha1.put(f[2], Integer.parseInt(f[1]));
                            break;
                        case "match":
                            e.matches.put(f[1] + " " + f[2], line.substring(line.indexOf(' ', line.indexOf(' ', 6) + 1) + 1));
                            break;
                        default:
                            break;
                    }
                }
            }
            return e;
        }
    }
}
