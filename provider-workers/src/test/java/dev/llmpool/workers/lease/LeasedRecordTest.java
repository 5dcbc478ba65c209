package dev.llmpool.workers.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LeasedRecordTest {

    private static LeasedRecord from(String delivery) {
        return new LeasedRecord("job", "{}", Map.of(), delivery);
    }

    @Test
    void aLapsedAttemptGoesBackToTheLaneItWasTakenFrom() {
        assertThat(from("llm.provider.my-llm.batch-1@42").topic("my-llm")).isEqualTo("llm.provider.my-llm.batch");
        assertThat(from("llm.provider.my-llm-0@3").topic("my-llm")).isEqualTo("llm.provider.my-llm");
    }

    @Test
    void aDeliveryOfAnotherTopicOrUnreadableGoesToTheProvidersInteractiveTopic() {
        assertThat(from("llm.provider.other.batch-1@42").topic("my-llm")).isEqualTo("llm.provider.my-llm");
        assertThat(from("garbage").topic("my-llm")).isEqualTo("llm.provider.my-llm");
    }
}
