package dev.llmpool.simulator.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    @Test
    void noRatesNoFaults() {
        FaultInjector faults = new FaultInjector();
        for (int i = 0; i < 1000; i++) {
            assertThat(faults.next(0, 0, 42)).isEqualTo(Fault.NONE);
        }
    }

    @Test
    void fullRatesAlwaysFault() {
        FaultInjector faults = new FaultInjector();
        for (int i = 0; i < 100; i++) {
            assertThat(faults.next(1, 0, 42)).isEqualTo(Fault.SERVER_ERROR);
            assertThat(faults.next(0, 1, 42)).isEqualTo(Fault.RATE_LIMIT);
        }
    }

    @Test
    void faultsAtRoughlyTheConfiguredRates() {
        FaultInjector faults = new FaultInjector();
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        for (int i = 0; i < 20_000; i++) {
            counts.merge(faults.next(0.2, 0.1, 7), 1, Integer::sum);
        }
        assertThat(counts.get(Fault.SERVER_ERROR)).isBetween(3_600, 4_400);
        assertThat(counts.get(Fault.RATE_LIMIT)).isBetween(1_700, 2_300);
    }

    @Test
    void sameSeedSameSequence() {
        assertThat(sequence(11)).isEqualTo(sequence(11)).isNotEqualTo(sequence(12));
    }

    private static List<Fault> sequence(long seed) {
        FaultInjector faults = new FaultInjector();
        List<Fault> result = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            result.add(faults.next(0.3, 0.3, seed));
        }
        return result;
    }
}
