package io.caracal.api.config;

/**
 * A configuration value was missing or invalid. The message names where the configuration came
 * from (a file, when it was read from one) and the offending key, so an operator can fix it.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String key;

    public ConfigException(String source, String key, String problem) {
        super(source + ": key '" + key + "': " + problem);
        this.source = source;
        this.key = key;
    }

    /** Where the configuration came from: a file path, or the configuration PID. */
    public String source() {
        return source;
    }

    /** The configuration key at fault. */
    public String key() {
        return key;
    }
}
