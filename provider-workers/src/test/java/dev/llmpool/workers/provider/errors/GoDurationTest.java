package dev.llmpool.workers.provider.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "6m0s, 360000", "1s, 1000", "12ms, 12", "1h2m3.5s, 3723500", "0.5s, 500", "250us, 1", "20, 20000",
        "1.5, 1500", "0s, 0", "100ns, 1", "7m12.345s, 432345", "36s, 36000", "1.500s, 1500", "3µs, 1"})
    void goDurationsAreReadInWholeMillisecondsRoundedUp(String text, long millis) {
        assertThat(GoDuration.toMillis(text)).isEqualTo(millis);
    }

    @ParameterizedTest(name = "''{0}'' is not a duration")
    @CsvSource({"abc", "6m0", "1d", "s", "1s2", "-1s", "1.2.3"})
    void nonDurationsAreNull(String text) {
        assertThat(GoDuration.toMillis(text)).isNull();
    }
}
