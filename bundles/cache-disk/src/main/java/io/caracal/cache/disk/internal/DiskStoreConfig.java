package io.caracal.cache.disk.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of a disk cache store (factory PID {@code io.caracal.cache.disk}). */
@ObjectClassDefinition(name = "Caracal cache store: disk", description = "Keeps cached responses in files, one per "
        + "entry, bounded by their total size (least recently used entries go first). Survives restarts; after a "
        + "crash it never serves a damaged entry. Routes refer to it by name.")
public @interface DiskStoreConfig {

    @AttributeDefinition(name = "Name", description = "Unique name of the store (service property "
            + "caracal.cache.store): letters, digits, '.', '_' or '-'.")
    String name();

    @AttributeDefinition(name = "Directory", required = false, description = "Where the entry files live, "
            + "relative to the installation directory unless absolute. Default: data/http-cache/<name>. Give each "
            + "store its own directory; the store creates it. Not inside data/cache, the OSGi framework's storage, "
            + "which is emptied at every start.")
    String path();

    @AttributeDefinition(name = "Maximum bytes", min = "1", description = "Bound on the disk space the entry "
            + "files take, in bytes: a plain number, no suffixes (1073741824 = 1 GiB). Past it the least "
            + "recently used entries are deleted.")
    long max_bytes() default DiskStoreSettings.DEFAULT_MAX_BYTES;

    @AttributeDefinition(name = "Maximum entry bytes", min = "1", max = "1073741824", description = "Larger "
            + "entries (body plus header text, in bytes) are not stored. At most 1073741824 (1 GiB).")
    long max_entry_bytes() default DiskStoreSettings.DEFAULT_MAX_ENTRY_BYTES;

    String webconsole_configurationFactory_nameHint() default "Disk cache {name}";
}
