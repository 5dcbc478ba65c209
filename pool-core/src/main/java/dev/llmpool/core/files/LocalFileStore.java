package dev.llmpool.core.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Objects as files under a folder (the embedded pool's data folder): written to a temporary file beside the target
 * and moved into place once complete, so a reader never sees half an object and a crash leaves at most a temporary
 * file, removed by a later start once it is {@link #STALE} old. Only then: several processes may share the folder
 * (a gateway and a batch runner on one machine), and a file another one is writing now is not a leftover.
 */
public final class LocalFileStore implements FileStore {

    private static final String PARTIAL = ".partial-";
    /** A temporary file untouched for this long is a crash's leftover, not a write in progress. */
    static final Duration STALE = Duration.ofHours(1);

    private final Path root;

    public LocalFileStore(Path root, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
            Instant staleBefore = clock.instant().minus(STALE);
            try (var leftovers = Files.walk(this.root)) {
                leftovers.filter(p -> p.getFileName().toString().startsWith(PARTIAL))
                        .filter(p -> modifiedBefore(p, staleBefore)).forEach(LocalFileStore::remove);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + this.root + " for files", e);
        }
    }

    @Override
    public long put(String key, InputStream content, long maxBytes) {
        Path target = resolve(key);
        Path partial = target.resolveSibling(PARTIAL + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            long size;
            try (LimitedInputStream limited = new LimitedInputStream(content, maxBytes)) {
                size = Files.copy(limited, partial);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return size;
        } catch (IOException e) {
            remove(partial);
            throw new FileStoreException("could not store " + key + " in " + root + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            remove(partial);
            throw e;
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        try {
            return Optional.of(Files.newInputStream(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new FileStoreException("could not read " + key + " in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Long> size(String key) {
        Path path = resolve(key);
        try {
            return Files.isRegularFile(path) ? Optional.of(Files.size(path)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean delete(String key) {
        try {
            return Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new FileStoreException("could not delete " + key + " in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("not a key of this store: " + key);
        }
        return path;
    }

    private static boolean modifiedBefore(Path path, Instant instant) {
        try {
            return Files.getLastModifiedTime(path).toInstant().isBefore(instant);
        } catch (IOException gone) {
            return false;
        }
    }

    private static void remove(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover temporary file is removed at the next start
        }
    }
}
