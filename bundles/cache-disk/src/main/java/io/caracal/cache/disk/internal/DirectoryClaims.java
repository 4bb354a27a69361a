package io.caracal.cache.disk.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which store uses which directory, within this bundle. Two stores on one directory would each
 * count and evict the other's files, so a second configuration naming a directory in use is
 * rejected; a store that reopens a directory another one is just leaving waits until the other's
 * last write has finished. (Two processes sharing a directory is not detected: don't.)
 */
final class DirectoryClaims {

    /** The claims of every disk store of this bundle. */
    static final DirectoryClaims SHARED = new DirectoryClaims();

    private final Map<Path, Claim> claims = new HashMap<>();

    /** A directory held by one store. */
    final class Claim {
        private final Path directory;
        private final String owner;
        private final CompletionStage<Void> previousReleased;
        private final CompletableFuture<Void> released = new CompletableFuture<>();
        private boolean releasing;

        private Claim(Path directory, String owner, CompletionStage<Void> previousReleased) {
            this.directory = directory;
            this.owner = owner;
            this.previousReleased = previousReleased;
        }

        /** Completes when the store that held the directory before has finished with it. */
        CompletionStage<Void> previousReleased() {
            return previousReleased;
        }

        /** Gives the directory up once {@code storeDone} completes (the store's last I/O is over). */
        void release(CompletionStage<?> storeDone) {
            synchronized (DirectoryClaims.this) {
                releasing = true;
            }
            storeDone.whenComplete((ignored, error) -> {
                synchronized (DirectoryClaims.this) {
                    claims.remove(directory, this);
                }
                released.complete(null);
            });
        }
    }

    /**
     * Claims {@code directory} for the store {@code owner}.
     *
     * @throws IllegalStateException naming the store that holds it, when one does and is not leaving
     */
    synchronized Claim claim(Path directory, String owner) {
        Claim current = claims.get(directory);
        if (current != null && !current.releasing) {
            throw new IllegalStateException("directory " + directory + " is used by disk cache store '" + current.owner + "'");
        }
        Claim claim = new Claim(directory, owner,
                current == null ? CompletableFuture.completedStage(null) : current.released.minimalCompletionStage());
        claims.put(directory, claim);
        return claim;
    }
}
