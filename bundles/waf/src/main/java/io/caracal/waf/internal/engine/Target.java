package io.caracal.waf.internal.engine;

import java.util.Locale;
import java.util.regex.Pattern;

import io.caracal.waf.internal.seclang.VariableSpec;

/** A compiled variable-list item: which values of which variable a rule looks at (or leaves out). */
final class Target {

    final String collection;
    /** Lower-cased name selector, or null. */
    final String key;
    final Pattern pattern;
    final boolean count;
    final boolean exclusion;

    /**
     * The pattern's text after the caret when it is a caret and letters, digits and underscores
     * only ({@code /^HEADER_NAME_/}): matched as an ASCII-case-insensitive prefix, as the regex
     * would. Null otherwise.
     */
    private final String literalPrefix;

    private Target(String collection, String key, Pattern pattern, boolean count, boolean exclusion) {
        this.collection = collection;
        this.key = key;
        this.pattern = pattern;
        this.count = count;
        this.exclusion = exclusion;
        this.literalPrefix = pattern != null && pattern.pattern().matches("\\^[A-Za-z0-9_]+")
                ? pattern.pattern().substring(1) : null;
    }

    static Target of(VariableSpec spec) {
        String collection = normalize(spec.collection());
        if (spec.key() == null) {
            return new Target(collection, null, null, spec.count(), spec.exclusion());
        }
        if (spec.regex()) {
            return new Target(collection, null, Pattern.compile(spec.key(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL),
                    spec.count(), spec.exclusion());
        }
        // Interned, as setvar names are: a TX lookup finds its key by identity, without comparing text.
        return new Target(collection, spec.key().toLowerCase(Locale.ROOT).intern(), null, spec.count(), spec.exclusion());
    }

    /** Reads a target from rule text, such as {@code ARGS:password} in a ctl or an exclusion setting. */
    static Target parse(String text, boolean exclusion) {
        String collection = text;
        String key = null;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            collection = text.substring(0, colon);
            key = text.substring(colon + 1);
        }
        boolean regex = key != null && key.length() > 1 && key.startsWith("/") && key.endsWith("/");
        if (regex) {
            key = key.substring(1, key.length() - 1);
        }
        return of(new VariableSpec(collection.strip().toUpperCase(Locale.ROOT), key, regex, exclusion, false));
    }

    /** Names that ModSecurity accepts under two spellings. */
    private static String normalize(String collection) {
        return switch (collection) {
            case "REQUEST_COOKIE" -> "REQUEST_COOKIES";
            case "REQUEST_HEADER" -> "REQUEST_HEADERS";
            default -> collection;
        };
    }

    /** Whether {@code value} is selected by this target's key (a target without key selects all). */
    boolean selects(VarValue value) {
        if (key == null && pattern == null) {
            return true;
        }
        if (collection.equals("XML")) {
            // XPath: '/*' is the document's text, '//@*' its attribute values; other paths select both.
            return !(key != null && (key.equals("/*") || key.equals("//@*"))) || key.equals(value.key());
        }
        String k = value.key();
        if (k == null) {
            return false;
        }
        if (pattern != null) {
            return patternSelects(k);
        }
        return key.equalsIgnoreCase(k);
    }

    /**
     * Remembered answers of the key pattern: CRS excludes cookies such as {@code /__utm/} in
     * dozens of rules, and the same few names come back on every request. Bounded, since names
     * are the client's choice.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> patternAnswers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PATTERN_ANSWERS_LIMIT = 1024;
    /** Longer names are matched every time: keeping them would let a client fill memory with them. */
    private static final int PATTERN_ANSWER_KEY_LIMIT = 64;

    /** Whether a value with this key is selected by this target's key pattern (a target with a pattern). */
    boolean patternSelects(String key) {
        if (literalPrefix != null) {
            return startsWithIgnoringAsciiCase(key, literalPrefix);
        }
        Boolean known = patternAnswers.get(key);
        if (known != null) {
            return known;
        }
        boolean found = pattern.matcher(key).find();
        if (key.length() <= PATTERN_ANSWER_KEY_LIMIT && patternAnswers.size() < PATTERN_ANSWERS_LIMIT) {
            patternAnswers.put(key, found);
        }
        return found;
    }

    /** CASE_INSENSITIVE without UNICODE_CASE: only ASCII letters match their other case. */
    private static boolean startsWithIgnoringAsciiCase(String text, String prefix) {
        if (text.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char a = text.charAt(i);
            char b = prefix.charAt(i);
            if (a != b && !(isAsciiLetter(a) && (a | 0x20) == (b | 0x20))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Whether this (exclusion) target removes {@code value}. */
    boolean excludes(VarValue value) {
        return collection.equals(value.collection()) && selects(value);
    }

    @Override
    public String toString() {
        return (exclusion ? "!" : "") + (count ? "&" : "") + collection
                + (key != null ? ":" + key : pattern != null ? ":/" + pattern.pattern() + "/" : "");
    }
}
