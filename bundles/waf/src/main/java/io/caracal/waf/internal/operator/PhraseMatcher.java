package io.caracal.waf.internal.operator;

import java.util.Collection;
import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;

/**
 * Finds any of a set of phrases in an input with Aho-Corasick, ignoring ASCII case like
 * ModSecurity's @pm. (The library's own case folding is locale- and Unicode-aware, which would
 * also fold Latin-1 bytes, so folding is done here instead.)
 */
final class PhraseMatcher {

    private final PayloadTrie<String> trie;

    PhraseMatcher(Collection<String> phrases) {
        PayloadTrie.PayloadTrieBuilder<String> builder = PayloadTrie.builder();
        for (String phrase : phrases) {
            builder.addKeyword(AsciiLowerCaseView.toLower(phrase), phrase);
        }
        this.trie = builder.build();
    }

    /** The phrase (as configured) of the match that ends first in {@code input}, or null. */
    String firstMatch(String input) {
        PayloadEmit<String> emit = trie.firstMatch(new AsciiLowerCaseView(input));
        return emit == null ? null : emit.getPayload();
    }
}
