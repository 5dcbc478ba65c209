package dev.llmpool.launcher.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.names.Headers;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoordinatesTest {

    @Test
    void parsesWhatItPrints() {
        Coordinates at = Coordinates.parse("llm.provider.openai.dlt:3:1042");

        assertThat(at).isEqualTo(new Coordinates("llm.provider.openai.dlt", 3, 1042));
        assertThat(at.toString()).isEqualTo("llm.provider.openai.dlt:3:1042");
    }

    @Test
    void refusesAnythingElseWithTheExpectedForm() {
        assertThatThrownBy(() -> Coordinates.parse("llm.requests.dlt:0")).hasMessageContaining("<topic>:<partition>");
        assertThatThrownBy(() -> Coordinates.parse("llm.requests.dlt:a:1")).hasMessageContaining("numbers");
        assertThatThrownBy(() -> Coordinates.parse("llm.requests.dlt:0:-1")).hasMessageContaining("negative");
    }

    @Test
    void aDeadLetterNamesItsOriginalTopicAndItsErrorInOneLine() {
        DeadLetter provider = new DeadLetter(Coordinates.parse("llm.requests.dlt:0:1"), Instant.EPOCH, "job-1",
                Map.of(Headers.DLT_PROVIDER_ERROR, "transient", Headers.DLT_PROVIDER_MESSAGE, "HTTP 500",
                        Headers.DLT_ORIGINAL_TOPIC, "llm.requests", Headers.DLT_ATTEMPTS, "4"), new byte[0]);
        DeadLetter unread = new DeadLetter(Coordinates.parse("llm.provider.openai.dlt:1:7"), Instant.EPOCH, "k",
                Map.of(Headers.DLT_DETAIL, "not JSON"), new byte[0]);

        assertThat(provider.error()).isEqualTo("transient: HTTP 500");
        assertThat(provider.originalTopic()).isEqualTo("llm.requests");
        assertThat(provider.attempts()).isEqualTo(4);
        assertThat(unread.error()).isEqualTo("not JSON");
        assertThat(unread.originalTopic()).isEqualTo("llm.provider.openai");
        assertThat(unread.correlationId()).isEqualTo("k");
    }
}
