package io.caracal.waf.crs.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.caracal.api.waf.RuleFile;
import io.caracal.api.waf.RuleSet;

/**
 * The OWASP CRS files in the order Debian's {@code owasp-crs.load} includes them: the setup
 * template, Caracal's settings, the exclusions before, every rule file in name order, the
 * exclusions after. Data files ({@code @pmFromFile}) are read from the rules folder.
 */
final class CrsRuleSet implements RuleSet {

    private final CrsSettings settings;

    CrsRuleSet(CrsSettings settings) {
        this.settings = settings;
    }

    @Override
    public List<RuleFile> files() throws IOException {
        List<RuleFile> files = new ArrayList<>();
        files.add(read(settings.setup()));
        files.add(new RuleFile("caracal-settings (" + settings.source() + ")", settings.settingsRules()));
        if (settings.utf8TextExclusion()) {
            files.add(resource("utf8-text-exclusion.conf"));
        }
        if (Files.isRegularFile(settings.before())) {
            files.add(read(settings.before()));
        }
        for (Path rule : ruleFiles(settings.rules())) {
            files.add(read(rule));
        }
        if (Files.isRegularFile(settings.after())) {
            files.add(read(settings.after()));
        }
        return files;
    }

    static List<Path> ruleFiles(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> rules = entries.filter(p -> p.getFileName().toString().endsWith(".conf") && Files.isRegularFile(p))
                    .sorted().toList();
            if (rules.isEmpty()) {
                throw new IOException("no *.conf rule files in " + folder);
            }
            return rules;
        }
    }

    @Override
    public String dataFile(RuleFile from, String name) throws IOException {
        Path path = settings.rules().resolve(name).normalize();
        if (!path.startsWith(settings.rules().normalize())) {
            throw new IOException("data file " + name + " is outside " + settings.rules());
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    /** A rule file shipped in this bundle. */
    private static RuleFile resource(String name) throws IOException {
        try (java.io.InputStream in = CrsRuleSet.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing bundle resource " + name);
            }
            return new RuleFile("caracal:" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static RuleFile read(Path path) throws IOException {
        return new RuleFile(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "OWASP CRS from " + settings.rules() + " (paranoia level " + settings.paranoiaLevel() + ")";
    }
}
