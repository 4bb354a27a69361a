package io.caracal.cache.disk.internal;

import static java.nio.file.StandardOpenOption.READ;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup scan of a store's directory: finds the entries to index and deletes what a crash or
 * damage left behind (temp files, files that are not valid entries). It reads only each file's
 * head (its key and lengths, under their own checksum) and checks the length, so a scan does not
 * read the bodies; those are checked in full on every read. Names it does not know are left alone.
 */
final class DirectoryScan {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryScan.class);

    /** An entry found on disk, and when its file was written (the best guess at its last use). */
    record Found(Index.Entry entry, long modifiedMillis) {
    }

    record Result(List<Found> found, int tempFiles, int invalidFiles) {
        Result merge(Result other) {
            List<Found> all = new ArrayList<>(found.size() + other.found.size());
            all.addAll(found);
            all.addAll(other.found);
            return new Result(all, tempFiles + other.tempFiles, invalidFiles + other.invalidFiles);
        }
    }

    private DirectoryScan() {
    }

    /** Scans the first-level shards whose number modulo {@code parts} is {@code part}. */
    static Result scan(EntryFiles files, int part, int parts) throws IOException {
        List<Found> found = new ArrayList<>();
        int[] temp = {0};
        int[] invalid = {0};
        for (Path first : shards(files.root())) {
            if (Integer.parseInt(first.getFileName().toString(), 16) % parts != part) {
                continue;
            }
            for (Path second : shards(first)) {
                String shard = first.getFileName().toString() + second.getFileName();
                for (Path file : list(second)) {
                    scanFile(file, shard, found, temp, invalid);
                }
            }
        }
        return new Result(found, temp[0], invalid[0]);
    }

    private static void scanFile(Path file, String shard, List<Found> found, int[] temp, int[] invalid) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(EntryFiles.TEMP_SUFFIX)) {
            // A write that never reached its rename: its content was never visible to anyone.
            if (EntryFiles.delete(file)) {
                temp[0]++;
            }
            return;
        }
        if (!EntryFiles.isEntryName(name)) {
            return;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!attributes.isRegularFile()) {
            return;
        }
        String problem;
        try (FileChannel channel = FileChannel.open(file, READ)) {
            EntryCodec.Head head = EntryCodec.readHead(channel, attributes.size());
            if (name.startsWith(shard) && EntryFiles.hash(head.key()).equals(name)) {
                found.add(new Found(new Index.Entry(head.key(), head.length(), head.weight()),
                        attributes.lastModifiedTime().toMillis()));
                return;
            }
            problem = "its name does not match its key";
        } catch (EntryCodec.CorruptEntryException e) {
            problem = e.getMessage();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            problem = "unreadable: " + e;
        }
        LOG.debug("Deleting invalid cache file {}: {}", file, problem);
        try {
            EntryFiles.delete(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete invalid cache file {}: {}", file, e.toString());
        }
        invalid[0]++;
    }

    private static List<Path> shards(Path directory) throws IOException {
        List<Path> shards = new ArrayList<>();
        for (Path path : list(directory)) {
            if (EntryFiles.isShardName(path.getFileName().toString()) && Files.isDirectory(path)) {
                shards.add(path);
            }
        }
        return shards;
    }

    private static List<Path> list(Path directory) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(paths::add);
        } catch (NoSuchFileException e) {
            // Removed meanwhile: nothing there.
        }
        return paths;
    }
}
