package io.caracal.accesscontrol.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.caracal.api.config.ConfigReader;

/** Builds filter configurations as FileInstall would hand them over. */
final class TestSettings {

    static final String CFG = "/opt/caracal/conf/caracal/test.cfg";

    private TestSettings() {
    }

    /** Properties from key/value pairs, as read from {@link #CFG}. */
    static Map<String, Object> properties(String... keysAndValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConfigReader.FILE_PROPERTY, "file:" + CFG);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    static FilterSettings settings(Path home, String... keysAndValues) {
        return new FilterSettings(properties(keysAndValues), home);
    }
}
