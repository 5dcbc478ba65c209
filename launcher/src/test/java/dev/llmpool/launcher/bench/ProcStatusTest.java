package dev.llmpool.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatusTest {

    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Pid:\t4242
            VmPeak:\t 6180524 kB
            VmSize:\t 6114988 kB
            VmHWM:\t  512344 kB
            VmRSS:\t  401220 kB
            RssAnon:\t  380000 kB
            Threads:\t57
            """;

    @Test
    void readsTheResidentSetAndItsPeakInKibibytes() {
        ProcStatus status = ProcStatus.parse(STATUS);
        assertThat(status.rssKib()).isEqualTo(401_220);
        assertThat(status.peakRssKib()).isEqualTo(512_344);
        assertThat(status.rssMib()).isEqualTo(401_220 / 1024.0);
    }

    @Test
    void aMissingPeakLineReadsAsZero() {
        assertThat(ProcStatus.parse("VmRSS:\t 1000 kB\n").peakRssKib()).isZero();
    }

    @Test
    void aStatusWithoutMemoryLinesIsRejected() {
        assertThatThrownBy(() -> ProcStatus.parse("Name:\tkthreadd\nState:\tS (sleeping)\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
