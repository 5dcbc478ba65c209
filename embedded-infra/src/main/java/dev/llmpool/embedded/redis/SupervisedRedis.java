package dev.llmpool.embedded.redis;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.llmpool.embedded.EmbeddedServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EmbeddedRedis} that is started again whenever its process dies (killed, crashed, out of memory) until it
 * is closed: on the same port and with the same settings, so on the same data directory, where the append-only file
 * gives it back its data. Each death is logged once with the exit code; the start waits a {@link RestartBackoff} and
 * is tried again, waiting longer each time, while it fails. {@link #restarts()} counts the servers started again.
 *
 * <p>Clients see a server that went away and came back on its address: Lettuce reconnects by itself.
 */
public final class SupervisedRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedRedis.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final int SIGNAL_EXIT_BASE = 128;

    private final EmbeddedRedisSettings settings;
    private final RestartBackoff backoff;
    private final Clock clock;
    private final ScheduledExecutorService restarter;
    private final Thread shutdownHook;
    private final AtomicLong restarts = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private EmbeddedRedis current;
    private Instant startedAt;
    private int failuresInARow;
    private boolean closed;

    private SupervisedRedis(EmbeddedRedisSettings settings, RestartBackoff backoff, Clock clock) {
        this.settings = settings;
        this.backoff = backoff;
        this.clock = clock;
        this.restarter = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("embedded-redis-" + settings.port() + "-supervisor").factory());
        this.shutdownHook = new Thread(this::close, "embedded-redis-" + settings.port() + "-shutdown");
    }

    /**
     * Starts the server and returns once it accepts connections; from then on it is restarted whenever it dies.
     *
     * @throws EmbeddedServerException when the first start fails (see {@link EmbeddedRedis#start})
     */
    public static SupervisedRedis start(EmbeddedRedisSettings settings) {
        return start(settings, RestartBackoff.DEFAULT, Clock.systemUTC());
    }

    static SupervisedRedis start(EmbeddedRedisSettings settings, RestartBackoff backoff, Clock clock) {
        EmbeddedRedis first = EmbeddedRedis.start(settings);
        first.detachShutdownHook();
        // a random port is fixed by the first start: clients know the server by it
        SupervisedRedis supervised = new SupervisedRedis(
                new EmbeddedRedisSettings(first.port(), settings.dataDir()), backoff, clock);
        supervised.lock.lock();
        try {
            supervised.adopt(first);
        } finally {
            supervised.lock.unlock();
        }
        Runtime.getRuntime().addShutdownHook(supervised.shutdownHook);
        return supervised;
    }

    /**
     * {@code redis://127.0.0.1:<port>}, the same across restarts, with the server's password when it has one (a
     * persistent server: the password stays in its data directory across restarts too).
     */
    public String url() {
        String password = settings.dataDir() == null ? null : RedisPassword.find(settings.dataDir());
        return password == null ? displayUrl() : "redis://:" + password + "@" + EmbeddedRedis.HOST + ":"
                + settings.port();
    }

    /** {@link #url()} without the password: what may be printed and logged. */
    public String displayUrl() {
        return "redis://" + EmbeddedRedis.HOST + ":" + settings.port();
    }

    public int port() {
        return settings.port();
    }

    /** The process id of the server running now; -1 while it is being restarted. */
    public long pid() {
        lock.lock();
        try {
            return current == null ? -1 : current.pid();
        } finally {
            lock.unlock();
        }
    }

    /** How many times a server was started again after one died. */
    public long restarts() {
        return restarts.get();
    }

    /** Hands the stop on JVM exit to the caller (see {@link EmbeddedRedis#detachShutdownHook()}). */
    public void detachShutdownHook() {
        removeShutdownHook();
    }

    /** Stops supervising, then stops the server. Idempotent. */
    @Override
    public void close() {
        EmbeddedRedis last;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            last = current;
            current = null;
        } finally {
            lock.unlock();
        }
        removeShutdownHook();
        restarter.shutdownNow();
        try {
            restarter.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (last != null) {
            last.close();
        }
    }

    /** Called with the lock held. */
    private void adopt(EmbeddedRedis redis) {
        current = redis;
        startedAt = clock.instant();
        redis.exited().thenAccept(code -> died(redis, code));
    }

    private void died(EmbeddedRedis redis, int exitCode) {
        lock.lock();
        try {
            if (closed || redis != current) {
                return;
            }
            current = null;
            Duration uptime = Duration.between(startedAt, clock.instant());
            failuresInARow = backoff.failuresAfterDeath(failuresInARow, uptime);
            Duration delay = backoff.delay(failuresInARow);
            LOG.warn("Embedded Redis on port {} exited with code {}{} after running {} s; starting it again in {} ms"
                            + " ({})", port(), exitCode, signal(exitCode), uptime.toSeconds(), delay.toMillis(),
                    data());
            redis.close(); // its scratch directory
            schedule(delay);
        } finally {
            lock.unlock();
        }
    }

    private void restart() {
        EmbeddedRedis next;
        try {
            next = EmbeddedRedis.start(settings);
        } catch (EmbeddedServerException e) {
            lock.lock();
            try {
                if (!closed) {
                    failuresInARow++;
                    Duration delay = backoff.delay(failuresInARow);
                    LOG.warn("Embedded Redis on port {} could not be started again ({}); trying again in {} ms",
                            port(), lastLine(e.getMessage()), delay.toMillis());
                    schedule(delay);
                }
            } finally {
                lock.unlock();
            }
            return;
        }
        next.detachShutdownHook();
        lock.lock();
        try {
            if (closed) {
                next.close();
                return;
            }
            restarts.incrementAndGet();
            adopt(next);
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held, while not closed. */
    private void schedule(Duration delay) {
        restarter.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String data() {
        Path dataDir = settings.dataDir();
        return dataDir == null ? "no persistence: it starts empty" : "its data in " + dataDir;
    }

    private static String signal(int exitCode) {
        return exitCode > SIGNAL_EXIT_BASE ? " (signal " + (exitCode - SIGNAL_EXIT_BASE) + ")" : "";
    }

    /** The last line of a failed start's message: the server's last words, when it printed any. */
    private static String lastLine(String message) {
        if (message == null) {
            return "";
        }
        String trimmed = message.strip();
        return trimmed.substring(trimmed.lastIndexOf('\n') + 1);
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // the hook is running or about to: closing is idempotent
        }
    }
}
