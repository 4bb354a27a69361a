package io.caracal.cache.memory.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of a memory cache store (factory PID {@code io.caracal.cache.memory}). */
@ObjectClassDefinition(name = "Caracal cache store: memory", description = "Keeps cached responses in the "
        + "Java heap, bounded by their total size. Fast, and gone on restart. Routes refer to it by name.")
public @interface MemoryStoreConfig {

    @AttributeDefinition(name = "Name", description = "Unique name of the store (service property "
            + "caracal.cache.store): letters, digits, '.', '_' or '-'.")
    String name();

    @AttributeDefinition(name = "Maximum bytes", min = "1", description = "Bound on the entries' total size "
            + "(body plus header text), in bytes: a plain number, no suffixes (268435456 = 256 MiB). Past it "
            + "the least useful entries are evicted. Counts toward the heap: leave room for it in -Xmx. "
            + "An entry larger than this is not stored.")
    long max_bytes() default MemoryStoreSettings.DEFAULT_MAX_BYTES;

    String webconsole_configurationFactory_nameHint() default "Memory cache {name}";
}
