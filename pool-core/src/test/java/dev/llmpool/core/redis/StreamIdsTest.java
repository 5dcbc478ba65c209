package dev.llmpool.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamIdsTest {

    @Test
    void idsCompareAsNumbersNotAsText() {
        assertThat(StreamIds.compare("9-0", "10-0")).isNegative();
        assertThat(StreamIds.compare("10-2", "10-10")).isNegative();
        assertThat(StreamIds.compare("10-10", "10-10")).isZero();
        assertThat(StreamIds.compare("11-0", StreamIds.START)).isPositive();
    }

    @Test
    void onlyCompleteIdsAreValid() {
        assertThat(StreamIds.valid("1732183200000-3")).isTrue();
        assertThat(StreamIds.valid("1732183200000")).isFalse();
        assertThat(StreamIds.valid("abc-1")).isFalse();
        assertThat(StreamIds.valid(null)).isFalse();
    }
}
