package dev.llmpool.embedded.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmpool.embedded.Directories;
import dev.llmpool.embedded.EmbeddedServerException;
import dev.llmpool.embedded.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server, run as a child process from the {@code redis-server} binary that the embedded-redis jar ships
 * for this OS and architecture. It listens on 127.0.0.1 only; with a data directory it also asks for a password,
 * generated there on the first start ({@link RedisPassword}), so no other user of the machine can read or change it.
 *
 * <p>With a data directory it runs with the append-only file on, so every acknowledged write survives a clean stop
 * and at most about a second of writes is lost to a crash. Without one it persists nothing.
 *
 * <p>The child process is stopped by {@link #close()} and, should the JVM exit without closing, by a shutdown hook
 * this instance registers and removes again on close. A server orphaned by a killed JVM is recognised by the pid file
 * in its data directory and stopped by the next start on that directory.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    /** The server's own output, one log line per line it prints. */
    private static final Logger SERVER_LOG = LoggerFactory.getLogger(EmbeddedRedis.class.getName() + ".server");

    static final String HOST = "127.0.0.1";
    static final String PID_FILE = "redis.pid";
    static final String APPEND_ONLY_FILE = "appendonly.aof";
    static final String SCRATCH_DIR_PREFIX = "llmpool-redis-";

    private static final Pattern READY = Pattern.compile(".*[Rr]eady to accept connections.*");
    /** {@code pid:role dd Mon yyyy hh:mm:ss.mmm <level> message}, level one of {@code . - * #}. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d+:\\w [^.*#-]+\\.\\d+ ([.*#-]) (.*)$");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int RANDOM_PORT_ATTEMPTS = 3;
    private static final int STARTUP_TRANSCRIPT_LIMIT = 16 * 1024;

    private final Process process;
    private final int port;
    private final String password;
    private final Path scratchDir;
    private final Thread shutdownHook;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final StringBuilder startupTranscript = new StringBuilder();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private EmbeddedRedis(Process process, int port, String password, Path scratchDir) {
        this.process = process;
        this.port = port;
        this.password = password;
        this.scratchDir = scratchDir;
        this.shutdownHook = new Thread(this::stop, "embedded-redis-" + port + "-shutdown");
    }

    /**
     * Starts the server and returns once it accepts connections.
     *
     * @throws EmbeddedServerException when the binary cannot run, the port is taken or the data directory is in use
     */
    public static EmbeddedRedis start(EmbeddedRedisSettings settings) {
        long startNanos = System.nanoTime();
        Path scratchDir = Directories.createTemp(SCRATCH_DIR_PREFIX);
        try {
            File binary = ExecutableProvider.newJarResourceProvider(scratchDir.toFile()).get();
            boolean persistent = settings.dataDir() != null;
            Path dataDir = persistent ? Directories.ensureExists(settings.dataDir()) : scratchDir;
            String password = null;
            if (persistent) {
                OrphanedServers.stopOrphan(dataDir.resolve(PID_FILE));
                password = RedisPassword.ensure(dataDir);
            }
            int attempts = settings.port() == 0 ? RANDOM_PORT_ATTEMPTS : 1;
            for (int attempt = 1; ; attempt++) {
                int port = settings.port() == 0 ? FreePorts.findFreePort() : settings.port();
                try {
                    EmbeddedRedis redis = launch(binary.toPath(), scratchDir, dataDir, persistent, port, password);
                    LOG.info("Embedded Redis started in {} ms at {} ({})",
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), redis.displayUrl(),
                            persistent ? "append-only file in " + dataDir : "no persistence");
                    return redis;
                } catch (IOException e) {
                    if (attempt >= attempts) {
                        throw e;
                    }
                    LOG.debug("Embedded Redis could not start on random port {}, trying another", port, e);
                }
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(scratchDir);
            throw new EmbeddedServerException("Embedded Redis failed to start on port " + settings.port()
                    + (settings.dataDir() == null ? "" : " with data in " + settings.dataDir()) + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedRedis launch(Path binary, Path scratchDir, Path dataDir, boolean persistent, int port,
                                        String password) throws IOException {
        Path configFile = scratchDir.resolve("redis-" + port + ".conf");
        Files.writeString(configFile, RedisConfig.render(HOST, port, dataDir, persistent, password),
                StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(command(binary, configFile))
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .start();
        EmbeddedRedis redis = new EmbeddedRedis(process, port, password, scratchDir);
        Runtime.getRuntime().addShutdownHook(redis.shutdownHook);
        Thread.ofPlatform().daemon().name("embedded-redis-" + port + "-output").start(redis::pumpOutput);
        try {
            redis.ready.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return redis;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            redis.discard();
            throw new IOException("Interrupted while waiting for redis-server", e);
        } catch (ExecutionException | TimeoutException e) {
            redis.discard();
            String cause = e instanceof TimeoutException ? "not ready after " + STARTUP_TIMEOUT : e.getCause().getMessage();
            throw new IOException("redis-server on port " + port + " " + cause, e);
        }
    }

    /**
     * The server in a session of its own where {@code setsid} exists, so a Ctrl-C in the terminal reaches only
     * the JVM, which then stops the application before this server; elsewhere the server runs as a plain child.
     */
    private static java.util.List<String> command(Path binary, Path configFile) {
        Path setsid = Path.of("/usr/bin/setsid");
        return Files.isExecutable(setsid)
                ? java.util.List.of(setsid.toString(), binary.toString(), configFile.toString())
                : java.util.List.of(binary.toString(), configFile.toString());
    }

    /**
     * {@code redis://127.0.0.1:<port>}, with the password ({@code redis://:<password>@127.0.0.1:<port>}) of a
     * persistent server: every persistent server has one, generated into its data directory ({@link RedisPassword}).
     */
    public String url() {
        return password == null ? displayUrl() : "redis://:" + password + "@" + HOST + ":" + port;
    }

    /** {@link #url()} without the password: what may be printed and logged. */
    public String displayUrl() {
        return "redis://" + HOST + ":" + port;
    }

    /** Whether clients must give a password. */
    public boolean passwordProtected() {
        return password != null;
    }

    public int port() {
        return port;
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /** Completes with the server's exit code once its process has ended, however it ended. */
    public CompletableFuture<Integer> exited() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /**
     * Hands the stop on JVM exit to the caller, whose own shutdown hook will {@link #close()} this server in
     * order (after the application that uses it), instead of racing it from a hook of this server's own.
     */
    public void detachShutdownHook() {
        removeShutdownHook();
    }

    /** Stops the server (it flushes its append-only file first) and removes the shutdown hook. Idempotent. */
    @Override
    public void close() {
        removeShutdownHook();
        stop();
    }

    /** Stops a server that never became ready; its scratch directory stays for the next attempt. */
    private void discard() {
        removeShutdownHook();
        stopProcessOnly();
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // the hook is running or about to: stopping is idempotent
        }
    }

    private void stop() {
        boolean running = process.isAlive();
        if (stopProcessOnly()) {
            deleteQuietly(scratchDir);
            if (running) {
                LOG.info("Embedded Redis at {} stopped", url());
            }
        }
    }

    /** Returns true for the call that actually stopped the process. */
    private boolean stopProcessOnly() {
        if (!stopped.compareAndSet(false, true)) {
            return false;
        }
        List<ProcessHandle> children = process.descendants().toList();
        try {
            if (process.isAlive()) {
                process.destroy(); // SIGTERM: redis fsyncs the append-only file and exits
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("redis-server on port {} did not stop within {}, killing it", port, STOP_TIMEOUT);
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            // a background save or rewrite child must not outlive its server
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        if (!ready.isDone()) {
            ready.completeExceptionally(new IOException("stopped before it was ready"));
        }
        return true;
    }

    private void pumpOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                logServerLine(line);
                if (!ready.isDone()) {
                    if (startupTranscript.length() < STARTUP_TRANSCRIPT_LIMIT) {
                        startupTranscript.append(line).append('\n');
                    }
                    if (READY.matcher(line).matches()) {
                        ready.complete(null);
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("Stopped reading redis-server output on port {}", port, e);
        }
        if (!ready.isDone()) {
            ready.completeExceptionally(new IOException("exited before it was ready. Its output:\n" + startupTranscript));
        }
    }

    private void logServerLine(String line) {
        Matcher matcher = LOG_LINE.matcher(line);
        boolean parsed = matcher.matches();
        String message = parsed ? matcher.group(2) : line;
        if (message.isBlank()) {
            return;
        }
        // '#' is Redis's warning level. While starting or stopping it is routine (banner, advice about the host's
        // overcommit and THP settings, "bye bye"); while running it means trouble (a failed save, a slow fsync)
        boolean running = ready.isDone() && !ready.isCompletedExceptionally() && !stopped.get();
        if (parsed && "#".equals(matcher.group(1)) && running) {
            SERVER_LOG.warn("[redis:{}] {}", port, message);
        } else {
            SERVER_LOG.debug("[redis:{}] {}", port, message);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.warn("Could not delete Redis scratch directory {}", dir, e);
        }
    }
}
