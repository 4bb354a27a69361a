package io.caracal.waf.internal.operator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Locates the OWASP CRS rule files (system property crs.rules.dir) and reads their operators. */
final class CrsRules {

    static final String DEFAULT_DIR = "/usr/share/modsecurity-crs/rules";

    private CrsRules() {
    }

    static Path directory() {
        Path dir = Path.of(System.getProperty("crs.rules.dir", DEFAULT_DIR));
        assertTrue(Files.isDirectory(dir), "CRS rules not found at " + dir + " (the build installs them with install-crs.sh; or set -Dcrs.rules.dir)");
        return dir;
    }

    static List<SecRuleReader.RuleOperator> operators() {
        Path dir = directory();
        List<SecRuleReader.RuleOperator> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".conf")).sorted().collect(Collectors.toList())) {
                all.addAll(SecRuleReader.read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** Data files resolved next to the rule files, as the engine does. */
    static DataFiles dataFiles() {
        Path dir = directory();
        return name -> Files.readAllLines(dir.resolve(name), StandardCharsets.ISO_8859_1);
    }
}
