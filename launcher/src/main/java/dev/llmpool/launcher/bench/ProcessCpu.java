package dev.llmpool.launcher.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CPU time a Linux process has used so far ({@code /proc/<pid>/stat}: user + system), and how much of it went to
 * the JIT compiler's threads ({@code /proc/<pid>/task/<tid>/stat} of the threads named {@code C1 CompilerThre…} and
 * {@code C2 CompilerThre…}). Two readings around a run give the CPU each request cost and whether the JVM was still
 * compiling (a JIT share above a few percent means the figures are not yet those of a warm JVM).
 *
 * @param ticks    user + system time of the whole process, in clock ticks
 * @param jitTicks user + system time of its JIT compiler threads, in clock ticks
 */
public record ProcessCpu(long pid, long ticks, long jitTicks) {

    /** {@code USER_HZ}: the unit of {@code /proc/<pid>/stat} times, 100 on every Linux this runs on. */
    static final double TICKS_PER_SECOND = 100;

    /** Reads a process under {@code /proc}; empty when it cannot be read (gone, or not Linux). */
    public static Optional<ProcessCpu> read(long pid) {
        return read(Path.of("/proc"), pid);
    }

    static Optional<ProcessCpu> read(Path proc, long pid) {
        Path dir = proc.resolve(Long.toString(pid));
        try {
            long total = ticks(Files.readString(dir.resolve("stat")));
            long jit = 0;
            Path tasks = dir.resolve("task");
            if (Files.isDirectory(tasks)) {
                try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                    for (Path thread : threads) {
                        jit += jitTicks(thread);
                    }
                }
            }
            return Optional.of(new ProcessCpu(pid, total, jit));
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** This reading minus an earlier one. */
    public ProcessCpu since(ProcessCpu earlier) {
        return new ProcessCpu(pid, ticks - earlier.ticks, jitTicks - earlier.jitTicks);
    }

    public double seconds() {
        return ticks / TICKS_PER_SECOND;
    }

    public double jitSeconds() {
        return jitTicks / TICKS_PER_SECOND;
    }

    private static long jitTicks(Path thread) {
        try {
            String comm = Files.readString(thread.resolve("comm")).strip();
            if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) {
                return 0;
            }
            return ticks(Files.readString(thread.resolve("stat")));
        } catch (IOException | IllegalArgumentException e) {
            return 0; // a thread that ended meanwhile
        }
    }

    /**
     * utime + stime of a {@code stat} line: fields 14 and 15, counted after the command name in parentheses (which
     * may itself hold spaces and parentheses, so the count starts after the last {@code ')'}).
     */
    static long ticks(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc stat line");
        }
        String[] fields = stat.substring(end + 1).strip().split("\\s+");
        if (fields.length < 13) {
            throw new IllegalArgumentException("a /proc stat line with " + fields.length + " fields after the name");
        }
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
