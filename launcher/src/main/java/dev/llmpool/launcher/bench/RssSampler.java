package dev.llmpool.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the resident set size of some processes (Linux {@code /proc/<pid>/status}) on a background thread while a
 * run goes on: the highest {@code VmRSS} seen, and {@code VmHWM} (the kernel's own peak since the process started)
 * at the end.
 */
public final class RssSampler implements AutoCloseable {

    /**
     * What was seen of one process.
     *
     * @param peakRssKib highest VmRSS sampled while the sampler ran (0: never readable)
     * @param hwmKib     VmHWM at the last sample: the peak over the process's whole life, start-up included
     * @param samples    how many samples were read
     */
    public record Peak(long pid, long peakRssKib, long hwmKib, int samples) {

        public double peakRssMib() {
            return peakRssKib / 1024.0;
        }

        public double hwmMib() {
            return hwmKib / 1024.0;
        }
    }

    private final List<Long> pids;
    private final Path proc;
    private final Duration interval;
    private final Map<Long, Peak> peaks = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private RssSampler(List<Long> pids, Path proc, Duration interval) {
        this.pids = List.copyOf(pids);
        this.proc = proc;
        this.interval = interval;
        pids.forEach(pid -> peaks.put(pid, new Peak(pid, 0, 0, 0)));
        sample();
        this.thread = Thread.ofPlatform().daemon().name("bench-rss-sampler").start(this::loop);
    }

    /** Starts sampling {@code /proc/<pid>/status} of each pid every {@code interval}. */
    public static RssSampler start(List<Long> pids, Duration interval) {
        return new RssSampler(pids, Path.of("/proc"), interval);
    }

    /** Starts sampling under another {@code /proc} (tests). */
    static RssSampler start(List<Long> pids, Path proc, Duration interval) {
        return new RssSampler(pids, proc, interval);
    }

    /** Whether {@code /proc/<pid>/status} can be read here. */
    public static boolean readable(long pid) {
        return Files.isReadable(Path.of("/proc", Long.toString(pid), "status"));
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            sample();
        }
    }

    private synchronized void sample() {
        for (long pid : pids) {
            try {
                ProcStatus status = ProcStatus.parse(Files.readString(proc.resolve(Long.toString(pid)).resolve("status")));
                Peak old = peaks.get(pid);
                peaks.put(pid, new Peak(pid, Math.max(old.peakRssKib(), status.rssKib()),
                        Math.max(old.hwmKib(), status.peakRssKib()), old.samples() + 1));
            } catch (IOException | RuntimeException e) {
                // the process went away or is not ours to read: keep what was seen
            }
        }
    }

    /** The peaks so far, one per pid, in the order given. */
    public synchronized List<Peak> peaks() {
        return new ArrayList<>(peaks.values());
    }

    /** Stops sampling after one last sample; returns the peaks. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
