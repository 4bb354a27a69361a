package io.caracal.waf.internal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import io.caracal.waf.internal.prefilter.Condition;
import io.caracal.waf.internal.prefilter.LiteralScanner;
import org.junit.jupiter.api.Test;

/**
 * A pattern's prefilter condition may only ever rule out values the pattern cannot match: checked
 * on random patterns (as the PCRE translator emits them) against random values, and on a few
 * CRS-shaped patterns for what it keeps.
 */
class RegexConditionsTest {

    /** Values: pattern-ish text, upper case, Latin-1 and wide chars (Kelvin sign, dotless i, long s). */
    private static final String ALPHABET = "aAbBcCselctSELCTorOR'\"<>/.=- _0123456789\u00e9\u00c9\u212a\u0131\u017f\u0000\u0007\t\n";

    /** A random pattern (PCRE syntax) and a way to make text it likely matches. */
    private record Gen(String pcre, Function<Random, String> sample) {
    }

    /** Pieces random patterns are made of, each with a sampler of what it matches. */
    private static final List<Gen> PIECES = List.of(
            literal("a"), literal("B"), literal("c"), literal("sel"), literal("ECT"), literal("or"), literal("'"),
            literal("\""), literal("<"), literal(">"), literal("/"), literal("="), literal("-"), literal(" "),
            new Gen("\\.", r -> "."), new Gen("\\x41", r -> "A"), new Gen("\\x{62}", r -> "b"),
            new Gen("\\xe9", r -> "\u00e9"), oneOf("[abc]", "abc"), oneOf("[^a]", ALPHABET.replace("a", "")),
            oneOf("[A-C]", "ABC"), oneOf("[a-z]", "abcdefgxyz"), oneOf("[\\s\\S]", ALPHABET), oneOf("[\\d_]", "0123456789_"),
            oneOf("[<>\"']", "<>\"'"), oneOf("\\d", "0123456789"), oneOf("\\w", "abcXYZ019_"), oneOf("\\s", " \t\n"),
            oneOf("\\S", "aZ<'\u00e9\u212a"), oneOf("\\W", " <'\u00e9\u212a"), oneOf(".", ALPHABET), oneOf("\\p{L}", "aZ\u00e9"),
            oneOf("[\\x00-\\x08]", "\u0000\u0003\u0008"), empty("^"), empty("$"), empty("\\b"), empty("\\B"), empty("(?i)"));

    private static Gen literal(String text) {
        String plain = text.replace("\\", "");
        return new Gen(text, r -> plain);
    }

    private static Gen oneOf(String pcre, String chars) {
        return new Gen(pcre, r -> String.valueOf(chars.charAt(r.nextInt(chars.length()))));
    }

    private static Gen empty(String pcre) {
        return new Gen(pcre, r -> "");
    }

    @Test
    void neverRulesOutAValueThePatternMatches() {
        Random random = new Random(7);
        int checkedMatches = 0;
        for (int n = 0; n < 3_000; n++) {
            Gen gen = randomPattern(random, 0);
            String pcre = gen.pcre();
            BoundedRegex regex;
            String java;
            try {
                java = PcreTranslator.translate(pcre).pattern;
                regex = BoundedRegex.compile(pcre, RegexStepLimit.of(20_000, 100));
            } catch (RuntimeException e) {
                continue; // e.g. a quantifier after an anchor
            }
            Condition unbound = io.caracal.waf.internal.prefilter.RegexConditions.of(java);
            Set<String> words = new LinkedHashSet<>();
            Condition.words(unbound, words);
            LiteralScanner scanner = LiteralScanner.of(words);
            Condition condition = Condition.bind(unbound, scanner);
            // as the engine uses them: words cut short
            Condition shortUnbound = Condition.shorten(unbound, 2);
            Set<String> shortWords = new LinkedHashSet<>();
            Condition.words(shortUnbound, shortWords);
            LiteralScanner shortScanner = LiteralScanner.of(shortWords);
            Condition shortened = Condition.bind(shortUnbound, shortScanner);
            for (int i = 0; i < 100; i++) {
                String value = noise(random) + flipCase(random, gen.sample().apply(random)) + noise(random);
                if (value.length() > 80) {
                    continue;
                }
                boolean matches;
                try {
                    matches = regex.find(value, 0) != null;
                } catch (RegexLimitExceededException e) {
                    continue; // nested repetitions can backtrack for long; the bound stops them
                }
                if (matches) {
                    checkedMatches++;
                    assertTrue(condition.test(scanner.scan(value)),
                            () -> "/" + pcre + "/ (" + java + ") matches '" + value + "' but " + condition + " rules it out");
                    assertTrue(shortened.test(shortScanner.scan(value)),
                            () -> "/" + pcre + "/ matches '" + value + "' but " + shortened + " rules it out");
                }
            }
        }
        assertTrue(checkedMatches > 100_000, "too few matching values tried: " + checkedMatches);
    }

    private static Gen randomPattern(Random random, int depth) {
        StringBuilder pcre = new StringBuilder();
        List<Function<Random, String>> samplers = new ArrayList<>();
        int items = 1 + random.nextInt(5);
        for (int i = 0; i < items; i++) {
            Gen item;
            int kind = random.nextInt(10);
            if (kind == 0 && depth < 2) {
                Gen left = randomPattern(random, depth + 1);
                Gen right = randomPattern(random, depth + 1);
                item = new Gen("(?:" + left.pcre() + "|" + right.pcre() + ")",
                        r -> (r.nextBoolean() ? left : right).sample().apply(r));
            } else if (kind == 1 && depth < 2) {
                String[] groups = {"(", "(?i:", "(?=", "(?!", "(?<=", "(?<!", "(?>"};
                String open = groups[random.nextInt(groups.length)];
                // lookbehind needs a bounded length: a single literal
                Gen inner = open.startsWith("(?<") ? PIECES.get(random.nextInt(5)) : randomPattern(random, depth + 1);
                boolean consumes = !open.startsWith("(?=") && !open.startsWith("(?!") && !open.startsWith("(?<");
                item = new Gen(open + inner.pcre() + ")", consumes || open.equals("(?=") ? inner.sample() : r -> "");
            } else if (kind == 2 && random.nextInt(4) == 0) {
                item = new Gen("(a)\\1", r -> "aa");
            } else {
                item = PIECES.get(random.nextInt(PIECES.size()));
            }
            boolean quantifiable = !(item.pcre().equals("^") || item.pcre().equals("$") || item.pcre().startsWith("\\b")
                    || item.pcre().startsWith("\\B") || item.pcre().equals("(?i)") || item.pcre().startsWith("(?=")
                    || item.pcre().startsWith("(?!") || item.pcre().startsWith("(?<"));
            String[] quantifiers = {"", "", "", "*", "+", "?", "{1,3}", "{0,2}", "{2}", "*?", "+?", "??", "{3,}"};
            int[][] counts = {{1, 1}, {1, 1}, {1, 1}, {0, 3}, {1, 3}, {0, 1}, {1, 3}, {0, 2}, {2, 2}, {0, 3}, {1, 3},
                    {0, 1}, {3, 5}};
            int q = quantifiable ? random.nextInt(quantifiers.length) : 0;
            String wrapped = item.pcre().length() > 1 && !item.pcre().startsWith("(") && !item.pcre().startsWith("[")
                    && !item.pcre().startsWith("\\") ? "(?:" + item.pcre() + ")" : item.pcre();
            pcre.append(q == 0 ? item.pcre() : wrapped + quantifiers[q]);
            Gen repeated = item;
            int min = counts[q][0];
            int max = counts[q][1];
            samplers.add(r -> {
                StringBuilder out = new StringBuilder();
                for (int k = min + r.nextInt(max - min + 1); k > 0; k--) {
                    out.append(repeated.sample().apply(r));
                }
                return out.toString();
            });
        }
        return new Gen(pcre.toString(), r -> {
            StringBuilder out = new StringBuilder();
            for (Function<Random, String> sampler : samplers) {
                out.append(sampler.apply(r));
            }
            return out.toString();
        });
    }

    private static String noise(Random random) {
        StringBuilder out = new StringBuilder();
        for (int k = random.nextInt(4); k > 0; k--) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static String flipCase(Random random, String text) {
        if (random.nextInt(3) != 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    @Test
    void keepsTheWordsAndBytesEveryMatchNeeds() {
        assertEquals("[\\x0a\\x0d]", describe("[\\n\\r]"));
        assertEquals("and[\"<script\", [>]]", describe("(?i)<script[^>]*>[\\s\\S]*?"));
        assertEquals("or[and[\"merge\", \"using\", [(]], and[\"execute\", \"immediate\", [\"'`]]]",
                describe("(?i:merge.*?using\\s*?\\(|execute\\s*?immediate\\s*?[\"'`])"));
        // \b is translated to lookaround, which requires nothing of its own
        assertEquals("or[\"union\", \"select\"]", describe("(?i)\\b(?:union|select)\\b"));
        // an optional part, a repetition and a back-reference require nothing
        assertEquals("or[\"abcd\", \"abd\"]", describe("ab(?:c)?d"));
        assertEquals("All[]", describe("a*"));
        assertEquals("[a]", describe("(a)\\1"), "the group needs an a; the back-reference adds nothing");
        assertEquals("All[]", describe(".+"));
    }

    @Test
    void theScannerFindsOverlappingWordsInFoldedText() {
        LiteralScanner scanner = LiteralScanner.of(List.of("he", "she", "hers", "his"));
        Condition she = Condition.bind(Condition.anyOf(Set.of("she")), scanner);
        Condition hers = Condition.bind(Condition.anyOf(Set.of("hers")), scanner);
        Condition his = Condition.bind(Condition.anyOf(Set.of("his")), scanner);
        Condition he = Condition.bind(Condition.anyOf(Set.of("he")), scanner);
        var facts = scanner.scan("USHERS");
        assertTrue(she.test(facts));
        assertTrue(hers.test(facts));
        assertTrue(he.test(facts));
        assertFalse(his.test(facts));
        assertFalse(he.test(scanner.scan("h\u0130e")), "a wide char between breaks a word");
    }

    private static String describe(String pcre) {
        return io.caracal.waf.internal.prefilter.RegexConditions.of(PcreTranslator.translate(pcre).pattern).toString();
    }
}
