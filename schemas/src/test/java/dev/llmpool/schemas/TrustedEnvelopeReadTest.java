package dev.llmpool.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.json.SchemaViolation;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedEnvelopeReadTest {

    private final JsonCodec codec = new JsonCodec();
    private final EnvelopeReader reader = new EnvelopeReader(codec);

    private static ChatCompletionRequest body() {
        return new ChatCompletionRequest("gpt-4o-mini", List.of(ChatMessage.of("user", "hi")), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void aCompleteAttemptIsBoundAsTheFullReadWouldBindIt() {
        AttemptRequest attempt = new AttemptRequest(1, "job-1:1", "job-1", 1, "openai", "gpt-4o-mini", "gpt-4o-mini",
                null, null, Instant.parse("2026-11-21T10:00:00Z"), null, true, body());
        byte[] bytes = codec.toBytes(attempt);

        assertThat(reader.readTrusted(bytes, Envelope.ATTEMPT_REQUEST, AttemptRequest.class))
                .isEqualTo(reader.read(bytes, Envelope.ATTEMPT_REQUEST, AttemptRequest.class));
    }

    @Test
    void aFailedOutcomeNeedsItsErrorAndGetsTheSchemaViolationWithout() {
        AttemptOutcome failed = new AttemptOutcome(1, "job-1:1", "job-1", 1, "openai", "gpt-4o-mini", false, null,
                new AttemptError(ErrorClass.TRANSIENT, "down", 503, null, null), 0, 10, null, "w", Instant.now());
        assertThat(reader.readTrusted(codec.toBytes(failed), Envelope.ATTEMPT_OUTCOME, AttemptOutcome.class))
                .isEqualTo(failed);

        AttemptOutcome withoutError = new AttemptOutcome(1, "job-1:1", "job-1", 1, "openai", "gpt-4o-mini", false,
                null, null, 0, 10, null, "w", Instant.now());
        assertThatThrownBy(() -> reader.readTrusted(codec.toBytes(withoutError), Envelope.ATTEMPT_OUTCOME,
                AttemptOutcome.class)).isInstanceOfSatisfying(SchemaViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(SchemaViolation.Reason.SCHEMA_VIOLATION));
    }

    @Test
    void whatDoesNotBindOrLacksRequiredFieldsFailsLikeTheFullRead() {
        assertThatThrownBy(() -> reader.readTrusted("{not json".getBytes(StandardCharsets.UTF_8),
                Envelope.ATTEMPT_REQUEST, AttemptRequest.class)).isInstanceOfSatisfying(SchemaViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(SchemaViolation.Reason.INVALID_JSON));
        assertThatThrownBy(() -> reader.readTrusted("{\"schema_version\":1,\"attempt_id\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8), Envelope.ATTEMPT_REQUEST, AttemptRequest.class))
                .isInstanceOfSatisfying(SchemaViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(SchemaViolation.Reason.SCHEMA_VIOLATION));
    }

    @Test
    void onlyTheEnvelopesThePoolWritesItselfAreReadAsTrusted() {
        byte[] job = codec.toBytes(new JobRequest(1, "job-1", null, null, null, null, null, body(), null, null,
                null));
        assertThat(reader.readTrusted(job, Envelope.JOB_REQUEST, JobRequest.class).correlationId())
                .as("falls back to the full read").isEqualTo("job-1");
        assertThatThrownBy(() -> reader.readTrusted(job, Envelope.JOB_REQUEST, AttemptRequest.class))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
