package io.caracal.tls.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Builds TLS context configurations as FileInstall would hand them over. */
final class TestConfig {

    private final Path directory;
    private final Path cfgFile;
    private final Map<String, Object> properties = new HashMap<>();

    /** A configuration that came from {@code <directory>/io.caracal.tls.context-<name>.cfg}. */
    TestConfig(Path directory, String name) {
        this.directory = directory;
        this.cfgFile = directory.resolve("io.caracal.tls.context-" + name + ".cfg");
        properties.put("name", name);
        properties.put("felix.fileinstall.filename", cfgFile.toUri().toString());
        properties.put("service.pid", "io.caracal.tls.context~" + name);
    }

    Path cfgFile() {
        return cfgFile;
    }

    TestConfig set(String key, Object value) {
        properties.put(key, value);
        return this;
    }

    Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    TlsContextSpec spec() {
        return TlsContextSpec.parse(properties, directory);
    }

    LoadedContext load() {
        return LoadedContext.load(spec(), Instant.now());
    }
}
