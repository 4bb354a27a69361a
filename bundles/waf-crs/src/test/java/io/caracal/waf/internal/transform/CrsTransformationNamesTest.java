package io.caracal.waf.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every t:name used by the CRS rules (outside comments) is known. */
class CrsTransformationNamesTest {

    private static final Pattern TRANSFORMATION = Pattern.compile("[\\s,\"']t:([A-Za-z0-9]+)");

    @Test
    void everyCrsTransformationIsKnown() throws IOException {
        Path dir = Path.of(System.getProperty("crs.rules.dir", "/usr/share/modsecurity-crs/rules"));
        assertTrue(Files.isDirectory(dir), "CRS rules not found at " + dir + " (the build installs them with install-crs.sh; or set -Dcrs.rules.dir)");
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".conf"))::iterator) {
                for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    if (line.trim().startsWith("#")) {
                        continue;
                    }
                    Matcher m = TRANSFORMATION.matcher(line);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(names.size() >= 15, "found only " + names);
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            try {
                Transformations.byName(name);
            } catch (IllegalArgumentException e) {
                unknown.add(name);
            }
        }
        assertEquals(List.of(), unknown);
    }
}
