package io.caracal.waf.internal.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Loads a corpus file: one sample per line, blank lines ignored, each line as a byte string. */
final class Corpus {

    private Corpus() {
    }

    static List<String> load(String resource) {
        try (InputStream in = Corpus.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            // The files are UTF-8; reading the bytes as ISO-8859-1 gives the detectors' byte-string view.
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            List<String> lines = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                String sample = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                if (!sample.isBlank()) {
                    lines.add(sample);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns a Java (UTF-16) string into the byte-string form the detectors receive. */
    static String bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
