package io.caracal.cache.disk.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

import io.caracal.api.config.ConfigException;
import io.caracal.api.config.ConfigReader;

/**
 * One disk store's configuration ({@code io.caracal.cache.disk-<name>.cfg}), checked.
 *
 * @param source the file or PID it came from, for messages
 * @param name the store's name (service property {@code caracal.cache.store})
 * @param directory where the entries live, absolute
 * @param maxBytes the bound on the entry files' total size
 * @param maxEntryBytes larger entries (by weight) are not stored
 */
record DiskStoreSettings(String source, String name, Path directory, long maxBytes, long maxEntryBytes) {

    static final long DEFAULT_MAX_BYTES = 1L << 30;
    static final long DEFAULT_MAX_ENTRY_BYTES = 64L << 20;
    /**
     * Not data/cache: that is the OSGi framework's storage in Caracal's distribution, which Felix
     * empties at every start (org.osgi.framework.storage.clean = onFirstInit).
     */
    static final String DEFAULT_PARENT = "data/http-cache";

    /**
     * @param home the installation directory ({@code caracal.home}) a relative path resolves against
     * @param frameworkStorage the OSGi framework's storage directory (emptied at start), or null
     * @throws ConfigException naming the source and key of the first bad value
     */
    static DiskStoreSettings parse(Map<String, ?> properties, Path home, Path frameworkStorage) {
        ConfigReader config = new ConfigReader(properties);
        String name = config.requiredString("name");
        if (!StoreNames.isValid(name)) {
            throw config.error("name", "'" + name + "' " + StoreNames.RULE);
        }
        String pathText = config.string("path", DEFAULT_PARENT + "/" + name);
        Path directory;
        try {
            directory = home.resolve(Path.of(pathText)).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw config.error("path", "'" + pathText + "' is not a valid path: " + e.getReason());
        }
        if (directory.getParent() == null) {
            throw config.error("path", "'" + pathText + "' is a file system root; give the store a directory of its own");
        }
        if (frameworkStorage != null && directory.startsWith(frameworkStorage)) {
            throw config.error("path", "'" + pathText + "' is inside the OSGi framework's storage " + frameworkStorage
                    + ", which is emptied at every start; choose another directory");
        }
        // Plain numbers of bytes (no suffixes), as every size in Caracal's configuration.
        long maxBytes = config.longValue("max.bytes", DEFAULT_MAX_BYTES, 1, Long.MAX_VALUE);
        long maxEntryBytes = config.longValue("max.entry.bytes", DEFAULT_MAX_ENTRY_BYTES, 1, DiskCacheStore.MAX_ENTRY_LIMIT);
        return new DiskStoreSettings(config.source(), name, directory, maxBytes, maxEntryBytes);
    }
}
