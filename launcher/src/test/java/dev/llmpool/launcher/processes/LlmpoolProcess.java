package dev.llmpool.launcher.processes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@code llmpool <command>} in a JVM of its own, started from the test classpath (so it runs the classes under
 * test, not a stale jar), with no provider credentials in its environment, its output in a log file under
 * {@code target/processes}. Closing it kills it and whatever it started.
 */
final class LlmpoolProcess implements AutoCloseable {

    private static final Path LOGS = Path.of("target", "processes");

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> lines = new ArrayList<>();

    private LlmpoolProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread.ofPlatform().daemon().name("output-" + name).start(this::pump);
    }

    /** Starts {@code java -cp <test classpath> dev.llmpool.launcher.LlmPoolCli <args>}. */
    static LlmpoolProcess start(String name, List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "dev.llmpool.launcher.LlmPoolCli"));
        command.addAll(args);
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.endsWith("_API_KEY") || k.endsWith("_BASE_URL") || k.equals("REDIS_URL")
                    || k.equals("KAFKA_BOOTSTRAP_SERVERS") || k.equals("LLMPOOL_SIMULATOR_URL"));
            return new LlmpoolProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); Writer file = Files.newBufferedWriter(log)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                file.write(line);
                file.write('\n');
                file.flush();
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits until a line of its output matches. The timeout is a safety net for a broken build, not a speed claim.
     *
     * @throws AssertionError when the process exits first or the timeout passes
     */
    void awaitOutput(Predicate<String> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < end) {
            synchronized (lines) {
                for (; seen < lines.size(); seen++) {
                    if (match.test(lines.get(seen))) {
                        return;
                    }
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not print the expected line within " + timeout + "; see "
                + log.toAbsolutePath());
    }

    /** How many lines of its output so far match. */
    long countOutput(Predicate<String> match) {
        synchronized (lines) {
            return lines.stream().filter(match).count();
        }
    }

    /** {@code kill -9}: no shutdown hook, no goodbye to the broker. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** {@code kill -TERM} (Ctrl-C's clean stop) and waits for the exit; returns the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not stop within " + timeout + "; see " + log.toAbsolutePath());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
