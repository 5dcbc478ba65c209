package dev.llmpool.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSubmitterTest {

    private final JsonCodec codec = new JsonCodec();

    @Test
    void aJobWhoseEnvelopeWouldNotFitOneKafkaRecordIsA413BeforeRedisOrKafkaIsTouched() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        // No store, event stream or Kafka template: reaching any of them would fail with a NullPointerException.
        JobSubmitter submitter = new JobSubmitter(null, null, null, codec, Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofSeconds(1), JobSubmitter.RECORD_OVERHEAD + 2000);
        ChatCompletionRequest body = codec.fromJson("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"%s"}]}""".formatted("x".repeat(2000)),
                ChatCompletionRequest.class);
        JobRequest job = JobRequest.builder().correlationId("job-big").createdAt(now).deadline(now.plusSeconds(60))
                .priority(Priority.INTERACTIVE).body(body).cache(CacheControl.AUTO).streamTokens(false)
                .metadata(Map.of()).build();

        assertThatThrownBy(() -> submitter.submit(job, null, true)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(413);
            assertThat(e.body().error().code()).isEqualTo("request_too_large");
            assertThat(e.body().error().message()).contains("over the 2000 bytes the queue takes in one record");
        });
    }
}
