package io.caracal.cache.disk.internal;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where entries live and how files get there. An entry of key k is the file
 * {@code <root>/ab/cd/<sha-256 of k in hex>}, where ab and cd are the hash's first two bytes: at
 * most 65536 directories, so none grows huge. It is written as {@code <hash>.tmp} beside its final
 * name, forced to disk, then renamed into place atomically, so a final name only ever holds a
 * complete file. A marker file at the root tells whether the directory was removed while running.
 */
final class EntryFiles {

    static final String TEMP_SUFFIX = ".tmp";
    static final String MARKER = "caracal-cache-store";
    private static final HexFormat HEX = HexFormat.of();

    private final Path root;

    EntryFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** SHA-256 of the key's UTF-8 bytes, lower-case hex: the file name of its entry. */
    static String hash(String key) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    Path file(String hash) {
        return root.resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
    }

    Path temp(String hash) {
        return file(hash).resolveSibling(hash + TEMP_SUFFIX);
    }

    static boolean isEntryName(String name) {
        return name.length() == 64 && isLowerHex(name);
    }

    static boolean isShardName(String name) {
        return name.length() == 2 && isLowerHex(name);
    }

    /** Writes {@code parts} to the temp file, forces it to disk and renames it to {@code file}. */
    void writeAtomically(Path file, Path temp, ByteBuffer[] parts, long length) throws IOException {
        Path directory = file.getParent();
        Files.createDirectories(directory);
        try {
            try (FileChannel channel = FileChannel.open(temp, CREATE, TRUNCATE_EXISTING, WRITE)) {
                long written = 0;
                while (written < length) {
                    written += channel.write(parts);
                }
                // Data first: the rename must never become durable before the bytes it names.
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        syncDirectory(directory);
    }

    /** Deletes a file if present; true if it was there. */
    static boolean delete(Path file) throws IOException {
        return Files.deleteIfExists(file);
    }

    /**
     * Makes a rename or delete in {@code directory} durable. Best effort: some platforms (Windows)
     * cannot open a directory; the rename is still atomic there, just not yet durable.
     */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Nothing more can be done; a crash may then undo the last renames or deletes, which
            // leaves older but valid files, never corrupt ones.
        }
    }

    boolean markerPresent() {
        return Files.isRegularFile(root.resolve(MARKER));
    }

    /** Creates the root directory and its marker. */
    void createRoot() throws IOException {
        Files.createDirectories(root);
        Path marker = root.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            try {
                Files.writeString(marker, "Caracal disk cache store, entry format " + EntryCodec.VERSION
                        + ". Files here are managed by Caracal; delete the directory to empty the cache.\n");
            } catch (NoSuchFileException e) {
                // Removed again meanwhile: the next operation recreates it.
            }
        }
    }

    private static boolean isLowerHex(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
