package io.caracal.waf.internal.operator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiled patterns for regex arguments that contain macros, keyed by the expanded text. Expanded
 * values usually repeat (they come from configuration variables), so a small LRU suffices.
 * Invalid expansions are cached too, so they are not recompiled on every request.
 */
final class RegexCache {

    private static final int MAX_ENTRIES = 64;

    private final RegexStepLimit limit;
    private final Map<String, Object> entries = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    RegexCache(RegexStepLimit limit) {
        this.limit = limit;
    }

    /**
     * @throws IllegalArgumentException when the expanded pattern does not compile
     */
    BoundedRegex get(String pcre) {
        Object entry;
        synchronized (entries) {
            entry = entries.get(pcre);
        }
        if (entry == null) {
            try {
                entry = BoundedRegex.compile(pcre, limit);
            } catch (IllegalArgumentException e) {
                entry = e.getMessage();
            }
            synchronized (entries) {
                entries.put(pcre, entry);
            }
        }
        if (entry instanceof BoundedRegex) {
            return (BoundedRegex) entry;
        }
        throw new IllegalArgumentException("invalid regular expression '" + pcre + "' after macro expansion: " + entry);
    }
}
