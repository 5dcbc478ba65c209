package dev.llmpool.core.routing;

import java.util.concurrent.ScheduledExecutorService;

/**
 * The running watch of a rules file and its scheduler thread, closed with the application; {@link #NONE} when the
 * rules are not reloaded (classpath rules, or {@code llmpool.routing.reload-interval=0s}).
 *
 * @param watcher   the watcher, or null
 * @param scheduler its scheduler, or null
 */
public record RoutesWatch(RoutesFileWatcher watcher, ScheduledExecutorService scheduler) implements AutoCloseable {

    public static final RoutesWatch NONE = new RoutesWatch(null, null);

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
