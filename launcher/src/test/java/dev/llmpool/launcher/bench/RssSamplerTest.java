package dev.llmpool.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RssSamplerTest {

    @TempDir
    Path proc;

    private void status(long pid, long rssKib, long hwmKib) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("status"), "VmHWM:\t %d kB\nVmRSS:\t %d kB\n".formatted(hwmKib, rssKib));
    }

    @Test
    void keepsTheHighestResidentSetSeenAndTheLastPeak() throws Exception {
        status(7, 100, 150);
        RssSampler sampler = RssSampler.start(List.of(7L), proc, Duration.ofHours(1));
        status(7, 300, 300);
        sampler.close();
        status(7, 50, 300);

        RssSampler.Peak peak = sampler.peaks().getFirst();
        assertThat(peak.pid()).isEqualTo(7);
        assertThat(peak.peakRssKib()).isEqualTo(300);
        assertThat(peak.hwmKib()).isEqualTo(300);
        assertThat(peak.samples()).isEqualTo(2);
    }

    @Test
    void aProcessThatCannotBeReadHasNoSamples() {
        RssSampler sampler = RssSampler.start(List.of(99L), proc, Duration.ofHours(1));
        sampler.close();
        assertThat(sampler.peaks()).singleElement().satisfies(p -> {
            assertThat(p.samples()).isZero();
            assertThat(p.peakRssKib()).isZero();
        });
    }

    @Test
    void thisProcessIsReadableOnLinux() throws Exception {
        long self = ProcessHandle.current().pid();
        if (!RssSampler.readable(self)) {
            return; // not Linux: nothing to read
        }
        RssSampler sampler = RssSampler.start(List.of(self), Duration.ofHours(1));
        sampler.close();
        assertThat(sampler.peaks().getFirst().peakRssKib()).isPositive();
    }
}
