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
        return ChatCompletionRequest.builder().model("gpt-4o-mini").messages(List.of(ChatMessage.of("user", "hi")))
                .build();
    }

    @Test
    void aCompleteAttemptIsBoundAsTheFullReadWouldBindIt() {
        AttemptRequest attempt = AttemptRequest.builder().attemptId("job-1:1").correlationId("job-1").attempt(1)
                .provider("openai").model("gpt-4o-mini").upstreamModel("gpt-4o-mini")
                .createdAt(Instant.parse("2026-11-21T10:00:00Z")).streamTokens(true).body(body()).build();
        byte[] bytes = codec.toBytes(attempt);

        assertThat(reader.readTrusted(bytes, Envelope.ATTEMPT_REQUEST, AttemptRequest.class))
                .isEqualTo(reader.read(bytes, Envelope.ATTEMPT_REQUEST, AttemptRequest.class));
    }

    @Test
    void aSignedJobRequestIsBoundAsTheFullReadWouldBindItAndOneWithoutABodyFailsLikeIt() {
        JobRequest job = JobRequest.builder().correlationId("job-2").tenant("acme")
                .createdAt(Instant.parse("2026-11-21T10:00:00Z")).body(body()).build();
        byte[] bytes = codec.toBytes(job);
        assertThat(reader.readTrusted(bytes, Envelope.JOB_REQUEST, JobRequest.class))
                .isEqualTo(reader.read(bytes, Envelope.JOB_REQUEST, JobRequest.class));

        JobRequest noBody = JobRequest.builder().correlationId("job-3").model("gpt-4o-mini").build();
        assertThatThrownBy(() -> reader.readTrusted(codec.toBytes(noBody), Envelope.JOB_REQUEST, JobRequest.class))
                .isInstanceOfSatisfying(SchemaViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(SchemaViolation.Reason.SCHEMA_VIOLATION));
    }

    @Test
    void aFailedOutcomeNeedsItsErrorAndGetsTheSchemaViolationWithout() {
        AttemptOutcome failed = AttemptOutcome.builder().attemptId("job-1:1").correlationId("job-1").attempt(1)
                .provider("openai").model("gpt-4o-mini")
                .error(new AttemptError(ErrorClass.TRANSIENT, "down", 503, null, null)).latencyMs(10).workerId("w")
                .finishedAt(Instant.now()).build();
        assertThat(reader.readTrusted(codec.toBytes(failed), Envelope.ATTEMPT_OUTCOME, AttemptOutcome.class))
                .isEqualTo(failed);

        AttemptOutcome withoutError = AttemptOutcome.builder().attemptId("job-1:1").correlationId("job-1").attempt(1)
                .provider("openai").model("gpt-4o-mini").latencyMs(10).workerId("w").finishedAt(Instant.now()).build();
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
    void anEnvelopeIsReadOnlyAsItsOwnType() {
        byte[] job = codec.toBytes(JobRequest.builder().correlationId("job-1").body(body()).build());
        assertThatThrownBy(() -> reader.readTrusted(job, Envelope.JOB_REQUEST, AttemptRequest.class))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
