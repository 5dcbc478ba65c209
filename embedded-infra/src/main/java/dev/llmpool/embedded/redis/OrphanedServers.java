package dev.llmpool.embedded.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.llmpool.embedded.Directories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deals with a {@code redis-server} left running on a data directory by a JVM that was killed before it could stop
 * it. Such a server holds the port and the append-only file; a second server on the same files would corrupt them.
 */
final class OrphanedServers {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedServers.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private OrphanedServers() {
    }

    /**
     * Stops the server named by {@code pidFile} if it is a redis-server whose parent has died. A server whose parent
     * is alive belongs to a running process: that is an error, not an orphan.
     */
    static void stopOrphan(Path pidFile) throws IOException {
        Optional<ProcessHandle> server = readPid(pidFile)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().command().map(cmd -> cmd.contains("redis-server")).orElse(false));
        if (server.isEmpty()) {
            return;
        }
        ProcessHandle handle = server.get();
        Optional<ProcessHandle> parent = handle.parent().filter(ProcessHandle::isAlive);
        if (parent.isPresent() && parent.get().pid() != 1) {
            throw new IOException("The Redis data directory " + pidFile.getParent() + " is in use by redis-server pid "
                    + handle.pid() + ", started by the running process " + parent.get().pid());
        }
        LOG.warn("Stopping redis-server pid {} left running on {} by a process that has exited",
                handle.pid(), pidFile.getParent());
        Optional<Path> scratchDir = handle.info().command().map(Path::of).map(Path::getParent)
                .filter(OrphanedServers::isEmbeddedRedisScratchDir);
        handle.destroy();
        try {
            handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            handle.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping orphaned redis-server " + handle.pid(), e);
        } catch (ExecutionException e) {
            throw new IOException("Could not stop orphaned redis-server " + handle.pid(), e);
        }
        if (scratchDir.isPresent()) {
            try {
                Directories.deleteRecursively(scratchDir.get());
            } catch (IOException e) {
                LOG.debug("Could not delete the orphan's scratch directory {}", scratchDir.get(), e);
            }
        }
    }

    /** The temp directory an {@link EmbeddedRedis} extracted its binary into, and nothing else. */
    private static boolean isEmbeddedRedisScratchDir(Path dir) {
        Path tempRoot = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        return dir != null
                && tempRoot.equals(dir.toAbsolutePath().normalize().getParent())
                && dir.getFileName().toString().startsWith(EmbeddedRedis.SCRATCH_DIR_PREFIX);
    }

    private static Optional<Long> readPid(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException e) {
            LOG.debug("Ignoring unreadable Redis pid file {}", pidFile, e);
            return Optional.empty();
        }
    }
}
