package dev.llmpool.batch.lines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmpool.core.batch.JsonLines;
import dev.llmpool.core.batch.LineState;
import dev.llmpool.schemas.envelope.Api;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A batch of {@code /v1/embeddings}: its lines checked as embeddings requests, run as embeddings jobs, answered. */
class EmbeddingsLinesTest {

    private static final String ENDPOINT = LineJobs.EMBEDDINGS;
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private final JsonCodec codec = new JsonCodec();
    private final LineValidator validator = new LineValidator(codec, new EnvelopeReader(codec),
            Set.of("text-embedding-3-small")::contains, 2_000);

    private static JsonLines.Line line(String body) {
        return new JsonLines.Line(7, ("{\"custom_id\":\"e-1\",\"method\":\"POST\",\"url\":\"" + ENDPOINT
                + "\",\"body\":" + body + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEmbeddingsLineIsCheckedAsAnEmbeddingsRequestNotAsAChat() {
        assertThat(validator.check(line("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}"), ENDPOINT))
                .isInstanceOf(LineCheck.Valid.class);
        assertThat(validator.check(line("{\"model\":\"text-embedding-3-small\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}"), ENDPOINT))
                .isInstanceOfSatisfying(LineCheck.Invalid.class, invalid -> {
                    assertThat(invalid.error().code()).isEqualTo("invalid_request");
                    assertThat(invalid.error().message()).startsWith("Line 7").contains(ENDPOINT);
                });
    }

    @Test
    void anEmbeddingsLineRunsAsAnEmbeddingsJobAndItsVectorsAreTheOutputBody() {
        JobRequest job = new LineJobs(codec).job("batch_1", "e-1",
                codec.readTree("{\"model\":\"text-embedding-3-small\",\"input\":\"a river\"}"), NOW.plusSeconds(60),
                NOW, ENDPOINT);
        assertThat(job.api()).isEqualTo(Api.EMBEDDINGS);
        assertThat(job.body()).isNull();
        assertThat(job.embeddings().texts()).containsExactly("a river");

        JobResult result = JobResult.builder().correlationId(job.correlationId()).status(JobStatus.COMPLETED)
                .model("text-embedding-3-small").embeddings(EmbeddingsResponse.of(
                        List.of(EmbeddingsResponse.Embedding.of(0, List.of(0.6f, 0.8f))), "text-embedding-3-small",
                        EmbeddingsResponse.EmbeddingsUsage.of(2)))
                .createdAt(NOW).completedAt(NOW).build();
        OutputLines lines = new OutputLines(codec);
        assertThat(OutputLines.state(result)).isEqualTo(LineState.COMPLETED);
        JsonNode body = codec.readTree(lines.bytes(lines.ran("batch_1", "e-1", result))).get("response").get("body");
        assertThat(body.get("object").asString()).isEqualTo("list");
        assertThat(body.get("data").get(0).get("embedding").get(1).asDouble()).isCloseTo(0.8, within(1e-6));
    }

    @Test
    void anEmbeddingsLineThatAskedForBase64GetsItsVectorsAsBase64OfLittleEndianFloats() {
        JobRequest job = new LineJobs(codec).job("batch_1", "e-1", codec.readTree("{\"model\":"
                + "\"text-embedding-3-small\",\"input\":\"a river\",\"encoding_format\":\"base64\"}"),
                NOW.plusSeconds(60), NOW, ENDPOINT);
        JobResult result = JobResult.builder().correlationId(job.correlationId()).status(JobStatus.COMPLETED)
                .model("text-embedding-3-small").metadata(job.metadata()).embeddings(EmbeddingsResponse.of(
                        List.of(EmbeddingsResponse.Embedding.of(0, List.of(0.6f, 0.8f))), "text-embedding-3-small",
                        EmbeddingsResponse.EmbeddingsUsage.of(2)))
                .createdAt(NOW).completedAt(NOW).build();

        OutputLines lines = new OutputLines(codec);
        JsonNode body = codec.readTree(lines.bytes(lines.ran("batch_1", "e-1", result))).get("response").get("body");

        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(body.get("data").get(0).get("embedding")
                .asString())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.getFloat()).isEqualTo(0.6f);
        assertThat(bytes.getFloat()).isEqualTo(0.8f);
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(2);
    }
}
