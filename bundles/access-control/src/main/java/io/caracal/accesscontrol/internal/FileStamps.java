package io.caracal.accesscontrol.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Notices that files changed by polling their modification time, size and identity (a rename over
 * the file or a switched symlink changes the identity), which works on every file system, unlike
 * WatchService. A change counts once the files look the same on two polls in a row, so a file
 * still being written is not loaded half-way. Not thread-safe: the keeper's thread polls.
 */
final class FileStamps {

    private record Stamp(boolean exists, long modified, long size, Object identity) {
        static final Stamp MISSING = new Stamp(false, 0, -1, null);
    }

    private final List<Path> files;
    private Map<Path, Stamp> loaded;
    private Map<Path, Stamp> pending;

    FileStamps(List<Path> files) {
        this.files = List.copyOf(files);
        this.loaded = stamp();
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    /** True once, when the files changed since they were loaded and have settled since. */
    boolean changed() {
        Map<Path, Stamp> now = stamp();
        if (now.equals(loaded)) {
            pending = null;
            return false;
        }
        if (!now.equals(pending)) {
            pending = now;
            return false;
        }
        loaded = now;
        pending = null;
        return true;
    }

    private Map<Path, Stamp> stamp() {
        Map<Path, Stamp> stamps = new LinkedHashMap<>();
        for (Path file : files) {
            stamps.put(file, stamp(file));
        }
        return stamps;
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(true, attributes.lastModifiedTime().toMillis(), attributes.size(),
                    Objects.requireNonNullElse(attributes.fileKey(), ""));
        } catch (IOException e) {
            return Stamp.MISSING;
        }
    }
}
