package io.caracal.itests.osgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The bundle jars that maven-dependency-plugin copied from the feature poms. JDK types only: used
 * both by the driver (to provision them) and inside the framework (to check them).
 */
final class FeatureBundles {

    private FeatureBundles() {
    }

    /** The jars in {@link Settings#BUNDLES_DIR}, in a stable order. */
    static List<Path> list() {
        Path dir = Path.of(Settings.require(Settings.BUNDLES_DIR));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("No bundles in " + dir + ": run the tests through "
                        + "'mvn verify', which copies them there first");
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    /** The jar's Bundle-SymbolicName without directives. */
    static String symbolicName(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            String name = file.getManifest() == null ? null
                    : file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            if (name == null) {
                throw new IllegalStateException(jar + " is not an OSGi bundle: fix the feature pom");
            }
            int semicolon = name.indexOf(';');
            return (semicolon < 0 ? name : name.substring(0, semicolon)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        }
    }
}
