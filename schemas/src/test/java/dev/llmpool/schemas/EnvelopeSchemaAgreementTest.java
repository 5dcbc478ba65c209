package dev.llmpool.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.envelope.Api;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.BatchCommand;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.FinalizeOnSuccess;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.envelope.SummarizeOptions;
import dev.llmpool.schemas.envelope.SummarizeOptionsBuilder;
import dev.llmpool.schemas.envelope.SummarizeRequest;
import dev.llmpool.schemas.envelope.SummarizeResult;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.json.SchemaViolation;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import dev.llmpool.schemas.openai.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

class EnvelopeSchemaAgreementTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private final JsonCodec codec = new JsonCodec();
    private final EnvelopeReader reader = new EnvelopeReader(codec);

    static ChatCompletionRequest body() {
        return ChatCompletionRequest.builder().model("gpt-4o-mini").messages(List.of(ChatMessage.of("user", "hello")))
                .temperature(0.0).maxTokens(32).build();
    }

    static ChatCompletion completion() {
        return new ChatCompletion("chatcmpl-1", ChatCompletion.OBJECT, 1_700_000_000L, "gpt-4o-mini",
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant("hi there", null, null), null, "stop")),
                Usage.of(5, 2), "fp");
    }

    static EmbeddingsRequest embeddingsRequest() {
        return new EmbeddingsRequest("gemini-embedding-001", StringNode.valueOf("a river"), 4, null, null);
    }

    static EmbeddingsResponse embeddings() {
        return EmbeddingsResponse.of(List.of(EmbeddingsResponse.Embedding.of(0, List.of(0.5f, -0.5f, 0.5f, -0.5f))),
                "gemini-embedding-001", EmbeddingsResponse.EmbeddingsUsage.of(2));
    }

    static JobResult result() {
        return JobResult.builder().correlationId("job-1").status(JobStatus.COMPLETED).model("gpt-4o-mini")
                .provider("openai").response(completion())
                .attempts(List.of(new AttemptSummary("job-1:1", 1, "openai", "gpt-4o-mini", true, null, null, 12,
                        Usage.of(5, 2), 0.0001)))
                .createdAt(NOW).completedAt(NOW).metadata(Map.of("task", "chat")).build();
    }

    static Stream<Object[]> recordsMadeByThePool() {
        return Stream.of(
                new Object[] {Envelope.JOB_REQUEST, JobRequest.builder().correlationId("job-1").tenant("acme")
                        .createdAt(NOW).deadline(NOW.plusSeconds(60)).priority(Priority.INTERACTIVE).body(body())
                        .cache(CacheControl.AUTO).streamTokens(false).metadata(Map.of("task", "chat")).build()},
                new Object[] {Envelope.JOB_REQUEST, JobRequest.builder().correlationId("job-3").createdAt(NOW)
                        .api(Api.MESSAGES).body(body()).build()},
                new Object[] {Envelope.JOB_REQUEST, JobRequest.builder().correlationId("job-4").createdAt(NOW)
                        .embeddings(embeddingsRequest()).build()},
                new Object[] {Envelope.ATTEMPT_REQUEST, AttemptRequest.builder().attemptId("job-4:1")
                        .correlationId("job-4").attempt(1).provider("gemini").model("gemini-embedding-001")
                        .upstreamModel("gemini-embedding-001").embeddings(embeddingsRequest()).build()},
                new Object[] {Envelope.ATTEMPT_OUTCOME, AttemptOutcome.builder().attemptId("job-4:1")
                        .correlationId("job-4").attempt(1).provider("gemini").model("gemini-embedding-001")
                        .succeeded(true).embeddings(embeddings()).latencyMs(5).build()},
                new Object[] {Envelope.JOB_RESULT, JobResult.builder().correlationId("job-4")
                        .status(JobStatus.COMPLETED).model("gemini-embedding-001").embeddings(embeddings()).build()},
                new Object[] {Envelope.ATTEMPT_REQUEST, AttemptRequest.builder().attemptId("job-1:1")
                        .correlationId("job-1").attempt(1).provider("openai").model("gpt-4o-mini")
                        .upstreamModel("gpt-4o-mini").tenant("acme").priority(Priority.BATCH).createdAt(NOW)
                        .streamTokens(true).body(body()).batchId("batch_abc").build()},
                new Object[] {Envelope.ATTEMPT_REQUEST, AttemptRequest.builder().attemptId("job-1:2")
                        .correlationId("job-1").attempt(2).provider("openai").model("gpt-4o-mini")
                        .upstreamModel("gpt-4o-mini").createdAt(NOW).deadline(NOW.plusSeconds(60)).body(body())
                        .finalizeOnSuccess(FinalizeOnSuccess.builder()
                                .earlierAttempts(List.of(new AttemptSummary("job-1:1", 1, "openai", "gpt-4o-mini",
                                        false, ErrorClass.TRANSIENT, "503", 7, null, null)))
                                .inputUsdPerMtok(0.15).outputUsdPerMtok(0.6).cacheKey("llmpool:cache:abc")
                                .cacheTtlSeconds(3600L).metadata(Map.of("task", "chat")).build())
                        .build()},
                new Object[] {Envelope.ATTEMPT_OUTCOME, AttemptOutcome.builder().attemptId("job-1:2")
                        .correlationId("job-1").attempt(2).provider("openai").model("gpt-4o-mini").succeeded(true)
                        .completion(completion()).latencyMs(12).workerId("w-1").finishedAt(NOW).finalized(true)
                        .build()},
                new Object[] {Envelope.ATTEMPT_OUTCOME, AttemptOutcome.builder().attemptId("job-1:1")
                        .correlationId("job-1").attempt(1).provider("openai").model("gpt-4o-mini").succeeded(true)
                        .completion(completion()).streamedChunks(3).latencyMs(12).timeToFirstTokenMs(4L)
                        .workerId("w-1").finishedAt(NOW).build()},
                new Object[] {Envelope.ATTEMPT_OUTCOME, AttemptOutcome.builder().attemptId("job-1:2")
                        .correlationId("job-1").attempt(2).provider("openai").model("gpt-4o-mini")
                        .error(new AttemptError(ErrorClass.RATE_LIMITED, "slow down", 429, 1500L,
                                "rate_limit_exceeded"))
                        .latencyMs(3).workerId("w-1").finishedAt(NOW).build()},
                new Object[] {Envelope.JOB_RESULT, result()},
                new Object[] {Envelope.JOB_RESULT, JobResult.builder().correlationId("job-2").status(JobStatus.FAILED)
                        .error(ResultError.of(ErrorClass.DEADLINE_EXCEEDED, "too late")).createdAt(NOW)
                        .completedAt(NOW).build()},
                new Object[] {Envelope.STREAM_EVENT, StreamEvent.queued("job-1", NOW)},
                new Object[] {Envelope.STREAM_EVENT, StreamEvent.delta("job-1", 1, 0, 0,
                        new ChatCompletionChunk.Delta("assistant", "hi", null, null), null, null, NOW)},
                new Object[] {Envelope.STREAM_EVENT, StreamEvent.completed(result(), NOW)},
                new Object[] {Envelope.BATCH_COMMAND, BatchCommand.of(BatchCommand.Type.CREATED, "batch_1", NOW)},
                new Object[] {Envelope.BATCH_COMMAND, BatchCommand.of(BatchCommand.Type.CANCEL, "batch_1", NOW)},
                new Object[] {Envelope.SUMMARIZE_REQUEST, SummarizeRequest.builder().id("doc-1").title("Report")
                        .text("A long text.").options(summarizeOptions()).tenant("acme")
                        .metadata(Map.of("source", "crm")).build()},
                new Object[] {Envelope.SUMMARIZE_REQUEST, SummarizeRequest.builder().id("doc-2")
                        .fileId("file-abc123").build()},
                new Object[] {Envelope.SUMMARIZE_RESULT, SummarizeResult.builder().id("doc-1")
                        .status(JobStatus.COMPLETED).title("Report").summary("Short.").chunks(3).reduceLevels(1)
                        .calls(4).models(List.of("gpt-4o", "gpt-4o-mini")).usage(Usage.of(900, 120)).costUsd(0.0012)
                        .fallback(true).fallbackChunks(1).fallbackReduces(0)
                        .failures(List.of(new SummarizeResult.Failure("0.1", "bad_request: refused")))
                        .run("sum_0123456789abcdef0123").tenant("acme").metadata(Map.of("source", "crm"))
                        .completedAt(NOW).build()},
                new Object[] {Envelope.SUMMARIZE_RESULT, SummarizeResult.builder().id("doc-2")
                        .status(JobStatus.FAILED).error(ResultError.of(ErrorClass.BAD_REQUEST,
                                "the document has no text")).completedAt(NOW).build()});
    }

    static SummarizeOptions summarizeOptions() {
        return SummarizeOptionsBuilder.builder().mapModel("fast").reduceModel("smart").chunkTokens(1500)
                .overlapTokens(100).chunkSummaryTokens(60).targetTokens(80).reduceInputTokens(300).style("bullets")
                .instructions("Name the people.").build();
    }

    @ParameterizedTest
    @MethodSource("recordsMadeByThePool")
    void everyRecordThePoolWritesSatisfiesItsSchemaAndRoundTrips(Envelope envelope, Object record) {
        byte[] json = codec.toBytes(record);
        assertThat(reader.validate(codec.readTree(json), envelope)).isEmpty();
        Object back = reader.read(json, envelope, envelope.type());
        assertThat(codec.toJson(back)).isEqualTo(new String(json, StandardCharsets.UTF_8));
    }

    /**
     * The schemas are the contract: whatever a schema lets a producer leave out, the code must accept left out. Each
     * property the schema does not require is removed in turn from a record the pool writes; what still satisfies
     * the schema must bind.
     */
    @ParameterizedTest
    @MethodSource("recordsMadeByThePool")
    void everyPropertyTheSchemaLetsAProducerLeaveOutMayBeLeftOut(Envelope envelope, Object record) {
        ObjectNode full = (ObjectNode) codec.tree(record);
        for (String property : full.propertyNames()) {
            ObjectNode without = full.deepCopy();
            without.remove(property);
            if (reader.validate(without, envelope).isEmpty()) {
                assertThatCode(() -> reader.read(codec.toBytes(without), envelope, envelope.type()))
                        .as("%s without %s", envelope, property)
                        .doesNotThrowAnyException();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"job-request-minimal.json", "job-request-full.json", "job-request-embeddings.json",
            "job-request-messages-api.json"})
    void validExternalJobsAreAccepted(String file) {
        JobRequest job = reader.read(example("valid/" + file), Envelope.JOB_REQUEST, JobRequest.class);
        assertThat(job.correlationId()).startsWith("job-");
        assertThat(job.requestedModel()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"job-request-no-messages.json", "job-request-empty-messages.json",
            "job-request-no-model.json", "job-request-bad-id.json", "job-request-bad-role.json",
            "job-request-bad-priority.json", "job-request-temperature.json", "job-request-cache-ttl-overflow.json",
            "job-request-deadline-year.json", "job-request-penalty.json", "job-request-max-tokens-overflow.json",
            "job-request-n-zero.json", "job-request-max-tokens-exponent.json", "job-request-embeddings-and-body.json",
            "job-request-embeddings-api-without-input.json", "job-request-unknown-api.json"})
    void invalidExternalJobsAreRefusedWithTheSchemaProblem(String file) {
        assertThatThrownBy(() -> reader.read(example("invalid/" + file), Envelope.JOB_REQUEST, JobRequest.class))
                .isInstanceOfSatisfying(SchemaViolation.class, v -> {
                    assertThat(v.reason()).isEqualTo(SchemaViolation.Reason.SCHEMA_VIOLATION);
                    assertThat(v.problems()).isNotEmpty();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"schema_version\":1,\"type\":\"created\"}",
            "{\"schema_version\":1,\"type\":\"pause\",\"batch_id\":\"batch_1\"}",
            "{\"schema_version\":1,\"type\":\"cancel\",\"batch_id\":\"job-1\"}"})
    void aBatchCommandWithoutABatchIdOrWithAnUnknownTypeIsRefused(String json) {
        assertThatThrownBy(() -> reader.read(json.getBytes(StandardCharsets.UTF_8), Envelope.BATCH_COMMAND,
                BatchCommand.class))
                .isInstanceOfSatisfying(SchemaViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(SchemaViolation.Reason.SCHEMA_VIOLATION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"summarize-request-minimal.json", "summarize-request-file.json",
            "summarize-request-full.json"})
    void validSummarizeRequestsAreAccepted(String file) {
        SummarizeRequest request = reader.read(example("valid/" + file), Envelope.SUMMARIZE_REQUEST,
                SummarizeRequest.class);
        assertThat(request.id()).startsWith("doc-");
        assertThat(request.text() == null).isNotEqualTo(request.fileId() == null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"summarize-request-no-id.json", "summarize-request-no-text.json",
            "summarize-request-text-and-file.json", "summarize-request-bad-id.json",
            "summarize-request-unknown-option.json", "summarize-request-bad-style.json",
            "summarize-request-small-chunks.json"})
    void invalidSummarizeRequestsAreRefusedWithTheSchemaProblem(String file) {
        assertThatThrownBy(() -> reader.read(example("invalid/" + file), Envelope.SUMMARIZE_REQUEST,
                SummarizeRequest.class))
                .isInstanceOfSatisfying(SchemaViolation.class, v -> {
                    assertThat(v.reason()).isEqualTo(SchemaViolation.Reason.SCHEMA_VIOLATION);
                    assertThat(v.problems()).isNotEmpty();
                });
    }

    @Test
    void overlongUtf8IsRefusedBeforeJacksonReadsItAsASlash() {
        byte[] prefix = "{\"schema_version\":1,\"correlation_id\":\"job-0107\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a"
                .getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "b\"}]}}".getBytes(StandardCharsets.UTF_8);
        byte[] json = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, json, 0, prefix.length);
        json[prefix.length] = (byte) 0xC0;
        json[prefix.length + 1] = (byte) 0xAF;
        System.arraycopy(suffix, 0, json, prefix.length + 2, suffix.length);
        assertThatThrownBy(() -> reader.read(json, Envelope.JOB_REQUEST, JobRequest.class))
                .isInstanceOfSatisfying(SchemaViolation.class, v -> {
                    assertThat(v.reason()).isEqualTo(SchemaViolation.Reason.INVALID_JSON);
                    assertThat(v.problems()).singleElement().asString().contains("UTF-8").contains(
                            Integer.toString(prefix.length));
                });
    }

    @Test
    void notJsonIsAnInvalidJsonViolation() {
        assertThatThrownBy(() -> reader.read("{not json".getBytes(StandardCharsets.UTF_8), Envelope.JOB_REQUEST,
                JobRequest.class))
                .isInstanceOfSatisfying(SchemaViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(SchemaViolation.Reason.INVALID_JSON));
    }

    @Test
    void aNewerSchemaVersionIsNamedAsSuch() {
        byte[] json = "{\"schema_version\":2,\"correlation_id\":\"x\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader.read(json, Envelope.JOB_REQUEST, JobRequest.class))
                .isInstanceOfSatisfying(SchemaViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(SchemaViolation.Reason.UNSUPPORTED_VERSION));
    }

    @Test
    void unknownBodyFieldsSurviveTheRoundTrip() {
        JobRequest job = reader.read(example("valid/job-request-full.json"), Envelope.JOB_REQUEST, JobRequest.class);
        assertThat(job.body().extra()).containsKey("x_vendor_field");
        JsonNode written = codec.tree(job.body());
        assertThat(written.get("x_vendor_field").get("keep").asString()).isEqualTo("me");
        assertThat(written.get("stream_options").get("include_usage").asBoolean()).isTrue();
        assertThat(job.body().messages().get(1).text()).isEqualTo("Summarize this");
        assertThat(job.priority()).isEqualTo(Priority.BATCH);
        assertThat(job.cache().mode()).isEqualTo(CacheControl.Mode.BYPASS);
        assertThat(job.streamsTokens()).isTrue();
    }

    private static byte[] example(String path) {
        try (InputStream in = EnvelopeSchemaAgreementTest.class.getResourceAsStream("/examples/" + path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
