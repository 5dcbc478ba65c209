package dev.llmpool.core.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a rules file on disk by polling its modification time and size every {@code interval} on the given
 * scheduler, and offers each changed text to {@link LiveRoutes}. Polling rather than a {@code WatchService}: it sees
 * a file replaced by a rename (editors, {@code kubectl} ConfigMap symlink swaps) and files on bind mounts and
 * network file systems where no change events arrive, costs one {@code stat} per interval, and
 * {@link #check()} can be driven by a test without waiting. A file that cannot be read (mid-rename, deleted) is
 * skipped and the rules in force stay; the same text offered twice is applied once.
 */
public final class RoutesFileWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RoutesFileWatcher.class);

    private final Path file;
    private final LiveRoutes routes;
    private Stamp seen;
    private String offered;
    private ScheduledFuture<?> polling;

    private record Stamp(long modified, long size) {
    }

    /** @param file the rules file whose current text {@code routes} holds */
    public RoutesFileWatcher(Path file, LiveRoutes routes) {
        this.file = file;
        this.routes = routes;
        this.seen = stamp();
        this.offered = routes.current().text();
    }

    /** Polls every {@code interval} on {@code scheduler} until {@link #close()}. */
    public synchronized RoutesFileWatcher start(ScheduledExecutorService scheduler, Duration interval) {
        polling = scheduler.scheduleWithFixedDelay(this::checkQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Watching routing rules {} every {}", file, interval);
        return this;
    }

    /**
     * Reads the file when its modification time or size changed since the last check and offers a changed text.
     *
     * @return whether a new text was offered
     */
    public synchronized boolean check() {
        Stamp now = stamp();
        if (now == null || now.equals(seen)) {
            return false;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("Routing rules {} cannot be read ({}); keeping the rules in force", file, e.toString());
            return false;
        }
        seen = now;
        if (Objects.equals(text, offered)) {
            return false;
        }
        offered = text;
        routes.offer(text, file.toString());
        return true;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("Checking routing rules {} failed; keeping the rules in force", file, e);
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), attributes.size());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        if (polling != null) {
            polling.cancel(false);
        }
    }
}
