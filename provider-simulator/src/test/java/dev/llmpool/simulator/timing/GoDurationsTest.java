package dev.llmpool.simulator.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationsTest {

    @ParameterizedTest(name = "{0} ms formats as {1}")
    @CsvSource({
            "0, 0s",
            "12, 12ms",
            "999, 999ms",
            "1000, 1s",
            "8640, 8.64s",
            "1500, 1.5s",
            "1001, 1.001s",
            "60000, 1m0s",
            "90500, 1m30.5s",
            "360000, 6m0s",
            "3600000, 1h0m0s",
            "3723004, 1h2m3.004s"
    })
    void formatsMillisecondsLikeGo(long millis, String expected) {
        assertThat(GoDurations.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @Test
    void roundsUpToWholeMillisecondsSoClientsNeverWaitTooLittle() {
        assertThat(GoDurations.format(Duration.ofNanos(1))).isEqualTo("1ms");
        assertThat(GoDurations.format(Duration.ofNanos(11_000_001))).isEqualTo("12ms");
        assertThat(GoDurations.format(Duration.ofMillis(-5))).isEqualTo("0s");
    }

    @Test
    void retryAfterSecondsRoundUp() {
        assertThat(GoDurations.ceilSeconds(Duration.ofMillis(12))).isEqualTo(1);
        assertThat(GoDurations.ceilSeconds(Duration.ofSeconds(12))).isEqualTo(12);
        assertThat(GoDurations.ceilSeconds(Duration.ofMillis(12_001))).isEqualTo(13);
        assertThat(GoDurations.ceilSeconds(Duration.ZERO)).isZero();
        assertThat(GoDurations.ceilMillis(Duration.ofNanos(1_000_001))).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} parses as {1} ms")
    @CsvSource({
            "0, 0",
            "0ms, 0",
            "250ms, 250",
            "250, 250",
            "1.5s, 1500",
            "1m30s, 90000",
            "6m0s, 360000",
            "2h, 7200000",
            "500us, 0",
            "PT0.25S, 250",
            "' 3s ', 3000"
    })
    void parsesGoIsoAndBareMilliseconds(String text, long millis) {
        assertThat(GoDurations.parse(text).toMillis()).isEqualTo(millis);
    }

    @Test
    void formatThenParseRoundTrips() {
        for (long millis : new long[] {0, 7, 1000, 8640, 90_500, 3_723_004}) {
            assertThat(GoDurations.parse(GoDurations.format(Duration.ofMillis(millis))))
                    .isEqualTo(Duration.ofMillis(millis));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ms", "5x", "1.2.3s", "-5ms", "PT-1S", "five"})
    void rejectsWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> GoDurations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
