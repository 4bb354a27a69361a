package io.caracal.api.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads typed values out of raw OSGi configuration properties with errors that name the source
 * file and key. Values may arrive as strings (from {@code .cfg} files), as numbers or arrays (from
 * {@code .config} files and the web console); list values also accept comma-separated strings.
 */
public final class ConfigReader {

    /** The property Felix FileInstall sets to the URL of the file a configuration came from. */
    public static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private final Map<String, ?> properties;
    private final String source;

    public ConfigReader(Map<String, ?> properties) {
        this.properties = properties;
        this.source = describeSource(properties);
    }

    /** The file a configuration was read from, or its PID, for messages. */
    public static String describeSource(Map<String, ?> properties) {
        Object file = properties.get(FILE_PROPERTY);
        if (file != null) {
            String text = file.toString();
            try {
                return text.startsWith("file:") ? Path.of(URI.create(text)).toString() : text;
            } catch (IllegalArgumentException e) {
                return text;
            }
        }
        Object pid = properties.get("service.pid");
        return pid != null ? "configuration " + pid : "configuration";
    }

    public String source() {
        return source;
    }

    public ConfigException error(String key, String problem) {
        return new ConfigException(source, key, problem);
    }

    /** A trimmed string, or {@code fallback} when absent or blank. */
    public String string(String key, String fallback) {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String[] array) {
            if (array.length != 1) {
                throw error(key, "expected one value, got " + array.length);
            }
            value = array[0];
        }
        String text = value.toString().trim();
        return text.isEmpty() ? fallback : text;
    }

    /** A trimmed, non-blank string. */
    public String requiredString(String key) {
        String value = string(key, null);
        if (value == null) {
            throw error(key, "is required");
        }
        return value;
    }

    /** A list of trimmed, non-blank strings; comma-separated text is split. Absent gives an empty list. */
    public List<String> strings(String key) {
        Object value = properties.get(key);
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        Iterable<?> items;
        if (value instanceof Object[] array) {
            items = List.of(array);
        } else if (value instanceof Collection<?> collection) {
            items = collection;
        } else {
            items = List.of(value);
        }
        for (Object item : items) {
            for (String part : String.valueOf(item).split(",")) {
                String trimmed = part.trim();
                if (!trimmed.isEmpty()) {
                    out.add(trimmed);
                }
            }
        }
        return out;
    }

    public long longValue(String key, long fallback, long min, long max) {
        String text = string(key, null);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error(key, "'" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw error(key, value + " is outside " + min + ".." + max);
        }
        return value;
    }

    public int intValue(String key, int fallback, int min, int max) {
        return (int) longValue(key, fallback, min, max);
    }

    public boolean booleanValue(String key, boolean fallback) {
        String text = string(key, null);
        if (text == null) {
            return fallback;
        }
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(key, "'" + text + "' is not true or false");
        };
    }
}
