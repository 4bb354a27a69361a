package io.caracal.accesscontrol.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.caracal.api.config.ConfigReader;
import io.caracal.api.config.ConfigException;

/**
 * One filter configuration as a filter factory reads it: typed values with errors that name the
 * file and key, and file paths resolved against the installation directory. Every file a factory
 * asks for is remembered, so the keeper can rebuild the filter when one of them changes.
 */
final class FilterSettings {

    static final String HOME_VARIABLE = "${caracal.home}";

    /** Routes list filters comma-separated, so names stay simple. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final Map<String, ?> properties;
    private final ConfigReader config;
    private final Path home;
    private final List<Path> files = new ArrayList<>();

    FilterSettings(Map<String, ?> properties, Path home) {
        this.properties = properties;
        this.config = new ConfigReader(properties);
        this.home = home;
    }

    ConfigReader config() {
        return config;
    }

    /** The filter's name, which routes refer to. */
    String name() {
        String name = config.requiredString("name");
        if (!NAME.matcher(name).matches()) {
            throw config.error("name", "'" + name + "' may only hold letters, digits, '.', '_' and '-'");
        }
        return name;
    }

    /** Whether the key is present at all, even with an empty value (which may mean "none"). */
    boolean isPresent(String key) {
        return properties.containsKey(key);
    }

    /**
     * The path a key names, resolved against the installation directory (a leading
     * {@code ${caracal.home}} is replaced when FileInstall left it in place), or null when unset.
     */
    Path file(String key) {
        String text = config.string(key, null);
        if (text == null) {
            return null;
        }
        String path = text.startsWith(HOME_VARIABLE) ? home + text.substring(HOME_VARIABLE.length()) : text;
        Path file = home.resolve(path).normalize();
        files.add(file);
        return file;
    }

    /** The content of a file a key named; a missing or unreadable file is that key's error. */
    byte[] read(String key, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw config.error(key, file + " does not exist");
        } catch (IOException e) {
            throw config.error(key, "cannot read " + file + ": " + e.getMessage());
        }
    }

    ConfigException error(String key, String problem) {
        return config.error(key, problem);
    }

    /** The files read so far, for reloading. */
    List<Path> files() {
        return List.copyOf(files);
    }
}
