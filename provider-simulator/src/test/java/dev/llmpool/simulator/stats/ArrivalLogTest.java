package dev.llmpool.simulator.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArrivalLogTest {

    @Test
    void findsTheBusiestWindowWhereverItFalls() {
        ArrivalLog log = new ArrivalLog();
        for (long t : new long[] {0, 10_000, 59_000, 59_999, 60_000, 61_000, 130_000}) {
            log.add(t);
        }
        assertThat(log.maxIn(Duration.ofMinutes(1))).as("[10 000, 70 000) holds five").isEqualTo(5);
        assertThat(log.maxIn(Duration.ofSeconds(2))).as("[59 000, 61 000) holds three").isEqualTo(3);
        log.clear();
        assertThat(log.maxIn(Duration.ofMinutes(1))).isZero();
    }
}
