package dev.llmpool.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CompletionWindowTest {

    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration MAX = Duration.ofDays(7);

    @ParameterizedTest
    @CsvSource({"24h,PT24H", "90m,PT1H30M", "1h30m,PT1H30M", "7d,PT168H", "1m,PT1M", "2.5h,PT2H30M", "1d12h,PT36H"})
    void goStyleDurationsAndDaysAreRead(String text, Duration expected) {
        assertThat(CompletionWindow.parse(text, MIN, MAX)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "24", "24 hours", "h", "1w", "-1h", "1h 30m"})
    void textThatIsNotADurationIsRefused(String text) {
        assertThatThrownBy(() -> CompletionWindow.parse(text, MIN, MAX))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "8d"})
    void windowsOutsideTheBoundsAreRefusedNamingTheRange(String text) {
        assertThatThrownBy(() -> CompletionWindow.parse(text, MIN, MAX))
                .hasMessageContaining("outside the supported range 1m to 168h");
    }
}
