package io.caracal.tls.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Notices changes of a few files by polling their modification time, size and identity (a rename
 * over the file, or a symlink switched to a new target, changes the identity). Polling works on
 * every file system and with certbot's symlinks, where WatchService does not.
 *
 * <p>A change is reported once the files have stayed the same for one more poll, so a certificate
 * and key replaced one after the other are loaded together rather than as a mismatching pair.
 * Not thread-safe: one thread polls.
 */
final class FileWatcher {

    private record Stamp(boolean exists, FileTime modified, long size, Object identity) {
        static final Stamp MISSING = new Stamp(false, null, -1, null);
    }

    private final List<Path> files;
    private Map<Path, Stamp> accepted;
    private Map<Path, Stamp> pending;

    FileWatcher(List<Path> files) {
        this.files = List.copyOf(files);
        this.accepted = stamp();
    }

    /** Takes the files as they are now as the loaded state. */
    void rebase() {
        accepted = stamp();
        pending = null;
    }

    /**
     * The files that changed since the last accepted state, once they have settled (then that state
     * is accepted); empty otherwise.
     */
    List<Path> changed() {
        Map<Path, Stamp> now = stamp();
        if (now.equals(accepted)) {
            pending = null;
            return List.of();
        }
        if (!now.equals(pending)) {
            pending = now;
            return List.of();
        }
        List<Path> changed = files.stream().filter(file -> !now.get(file).equals(accepted.get(file))).toList();
        accepted = now;
        pending = null;
        return changed;
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
            return new Stamp(true, attributes.lastModifiedTime(), attributes.size(),
                    Objects.requireNonNullElse(attributes.fileKey(), ""));
        } catch (IOException e) {
            return Stamp.MISSING;
        }
    }
}
