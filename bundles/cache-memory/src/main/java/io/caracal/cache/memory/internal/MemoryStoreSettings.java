package io.caracal.cache.memory.internal;

import java.util.Map;

import io.caracal.api.config.ConfigException;
import io.caracal.api.config.ConfigReader;

/**
 * One memory store's configuration ({@code io.caracal.cache.memory-<name>.cfg}), checked.
 *
 * @param source the file or PID it came from, for messages
 * @param name the store's name (service property {@code caracal.cache.store})
 * @param maxBytes the bound on the entries' total weight
 */
record MemoryStoreSettings(String source, String name, long maxBytes) {

    static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

    /** @throws ConfigException naming the source and key of the first bad value */
    static MemoryStoreSettings parse(Map<String, ?> properties) {
        ConfigReader config = new ConfigReader(properties);
        String name = config.requiredString("name");
        if (!StoreNames.isValid(name)) {
            throw config.error("name", "'" + name + "' " + StoreNames.RULE);
        }
        // A plain number of bytes (no suffixes), as every size in Caracal's configuration.
        long maxBytes = config.longValue("max.bytes", DEFAULT_MAX_BYTES, 1, Long.MAX_VALUE);
        return new MemoryStoreSettings(config.source(), name, maxBytes);
    }
}
