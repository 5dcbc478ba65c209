package dev.llmpool.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {

    @TempDir
    Path proc;

    private static String stat(long pid, String comm, long utime, long stime) {
        return pid + " (" + comm + ") S 1 1 1 0 -1 4194560 100 0 0 0 " + utime + " " + stime + " 0 0 20 0 40 0 5 1 1\n";
    }

    private void thread(long pid, long tid, String comm, long utime, long stime) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
        Files.writeString(dir.resolve("comm"), comm + "\n");
        Files.writeString(dir.resolve("stat"), stat(tid, comm, utime, stime));
    }

    @Test
    void sumsUserAndSystemTimeAndTheCompilerThreadsShare() throws Exception {
        Files.createDirectories(proc.resolve("7"));
        Files.writeString(proc.resolve("7/stat"), stat(7, "java", 900, 100));
        thread(7, 8, "C2 CompilerThre", 120, 30);
        thread(7, 9, "C1 CompilerThre", 40, 10);
        thread(7, 10, "main", 500, 50);

        ProcessCpu cpu = ProcessCpu.read(proc, 7).orElseThrow();
        assertThat(cpu.ticks()).isEqualTo(1000);
        assertThat(cpu.jitTicks()).isEqualTo(200);
        assertThat(cpu.seconds()).isEqualTo(10.0);
        assertThat(cpu.jitSeconds()).isEqualTo(2.0);
    }

    @Test
    void aDifferenceOfTwoReadingsIsTheUseBetweenThem() {
        ProcessCpu used = new ProcessCpu(7, 1500, 220).since(new ProcessCpu(7, 1000, 200));
        assertThat(used).isEqualTo(new ProcessCpu(7, 500, 20));
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesIsSkippedWhole() {
        assertThat(ProcessCpu.ticks(stat(5, "a (b) c", 12, 3))).isEqualTo(15);
        assertThatThrownBy(() -> ProcessCpu.ticks("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProcessThatCannotBeReadIsEmpty() {
        assertThat(ProcessCpu.read(proc, 99)).isEmpty();
    }

    @Test
    void thisProcessIsReadableOnLinux() {
        long self = ProcessHandle.current().pid();
        if (!Files.isReadable(Path.of("/proc/" + self + "/stat"))) {
            return; // not Linux: nothing to read
        }
        ProcessCpu cpu = ProcessCpu.read(self).orElseThrow();
        assertThat(cpu.ticks()).isPositive();
        assertThat(cpu.jitTicks()).isBetween(0L, cpu.ticks());
    }
}
