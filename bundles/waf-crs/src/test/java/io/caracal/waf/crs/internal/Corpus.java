package io.caracal.waf.crs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the corpus files under {@code src/test/resources/corpus}.
 * <p>
 * Payload files ({@code *.txt}) hold one sample per line: a placement token, a space, then the
 * payload exactly as the application should receive it ({@link Placement}). A token may name the
 * rule families it expects after an '@' ({@code query@932}), instead of the file's family. Lines
 * starting with '#' and blank lines are skipped.
 * <p>
 * Request files ({@code *.http}) hold whole requests ({@link HttpSamples}).
 */
final class Corpus {

    private Corpus() {
    }

    static List<CorpusSample> payloads(String resource, String... defaultFamilies) {
        List<CorpusSample> samples = new ArrayList<>();
        List<String> lines = read(resource).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space <= 0) {
                throw new IllegalArgumentException(resource + ":" + (i + 1) + ": expected 'placement payload'");
            }
            String token = line.substring(0, space);
            String payload = line.substring(space + 1);
            List<String> families = Arrays.asList(defaultFamilies);
            int at = token.indexOf('@');
            if (at > 0) {
                families = Arrays.asList(token.substring(at + 1).split(","));
                token = token.substring(0, at);
            }
            String headerName = token.contains(":") ? token.substring(token.indexOf(':') + 1) : null;
            samples.add(new CorpusSample(resource + ":" + (i + 1), token + " " + payload, families,
                    Placement.of(token).request(payload, headerName)));
        }
        return samples;
    }

    static List<CorpusSample> requests(String resource) {
        return HttpSamples.parse(resource, read(resource));
    }

    static String read(String resource) {
        try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
