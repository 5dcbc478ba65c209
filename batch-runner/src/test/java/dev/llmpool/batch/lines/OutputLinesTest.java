package dev.llmpool.batch.lines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.batch.BatchIds;
import dev.llmpool.core.batch.LineState;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OutputLinesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final JsonCodec codec = new JsonCodec();
    private final OutputLines lines = new OutputLines(codec);

    private JsonNode json(OutputLine line) {
        return codec.readTree(lines.bytes(line));
    }

    @Test
    void aCompletedLineIsOpenAisOutputLineWithTheCompletionAsBody() {
        JobResult result = JobResult.builder().correlationId("batch_1.abc").status(JobStatus.COMPLETED)
                .model("gpt-4o-mini").response(new ChatCompletion("chatcmpl-1", ChatCompletion.OBJECT, 1L,
                        "gpt-4o-mini", List.of(new ChatCompletion.Choice(0, ChatMessage.assistant("hi", null, null),
                        null, "stop")), Usage.of(3, 1), null))
                .createdAt(NOW).completedAt(NOW).build();
        JsonNode line = json(lines.ran("batch_1", "r-1", result));
        assertThat(OutputLines.state(result)).isEqualTo(LineState.COMPLETED);
        assertThat(line.get("id").asString()).isEqualTo(BatchIds.lineRequestId("batch_1", "r-1"));
        assertThat(line.get("custom_id").asString()).isEqualTo("r-1");
        assertThat(line.get("error").isNull()).isTrue();
        assertThat(line.get("response").get("status_code").asInt()).isEqualTo(200);
        assertThat(line.get("response").get("request_id").asString()).isEqualTo("batch_1.abc");
        assertThat(line.get("response").get("body").get("object").asString()).isEqualTo("chat.completion");
        assertThat(line.get("response").get("body").get("choices").get(0).get("message").get("content").asString())
                .isEqualTo("hi");
    }

    @Test
    void aFailedLineCarriesTheErrorClassStatusAndOpenAisErrorBody() {
        JobResult result = JobResult.builder().correlationId("batch_1.def").status(JobStatus.FAILED)
                .error(ResultError.of(ErrorClass.BAD_REQUEST, "the provider refused it")).createdAt(NOW)
                .completedAt(NOW).build();
        JsonNode line = json(lines.ran("batch_1", "r-2", result));
        assertThat(OutputLines.state(result)).isEqualTo(LineState.FAILED);
        assertThat(line.get("error").isNull()).isTrue();
        assertThat(line.get("response").get("status_code").asInt()).isEqualTo(400);
        JsonNode error = line.get("response").get("body").get("error");
        assertThat(error.get("message").asString()).isEqualTo("the provider refused it");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asString()).isEqualTo("invalid_request");
        assertThat(codec.fromBytes(lines.bytes(lines.ran("batch_1", "r-2", result)), OutputLine.class).completed())
                .isFalse();
    }

    @Test
    void aLineThatNeverRanHasNoResponseAndTheBatchsCode() {
        JsonNode expired = json(lines.neverRan("batch_1", "r-3", LineState.EXPIRED));
        assertThat(expired.get("response").isNull()).isTrue();
        assertThat(expired.get("error").get("code").asString()).isEqualTo("batch_expired");
        assertThat(expired.get("error").get("message").asString()).isNotBlank();
        assertThat(json(lines.neverRan("batch_1", "r-3", LineState.CANCELLED)).get("error").get("code").asString())
                .isEqualTo("batch_cancelled");
    }
}
