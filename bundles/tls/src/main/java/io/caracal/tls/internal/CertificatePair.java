package io.caracal.tls.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** One {@code <cert.pem> <key.pem>} entry of the {@code certificates} key. */
record CertificatePair(Path certificate, Path key) {

    /**
     * Parses {@code "<cert> <key>"}; paths with spaces may be double-quoted. Returns null when the
     * entry is not two paths.
     */
    static CertificatePair parse(String entry, Function<String, Path> resolve) {
        List<String> tokens = tokens(entry);
        if (tokens.size() != 2) {
            return null;
        }
        return new CertificatePair(resolve.apply(tokens.get(0)), resolve.apply(tokens.get(1)));
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean inToken = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                inToken = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inToken) {
                    tokens.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (quoted) {
            return List.of();
        }
        if (inToken) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    @Override
    public String toString() {
        return certificate + " " + key;
    }
}
