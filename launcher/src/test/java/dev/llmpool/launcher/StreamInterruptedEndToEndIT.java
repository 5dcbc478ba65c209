package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.testing.KafkaProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A provider stream that fails after tokens reached the client is not retried or sent elsewhere (the client would
 * get two answers spliced): the client's SSE ends with an OpenAI-style error event instead of {@code [DONE]}, the job
 * fails after one attempt and is dead-lettered {@code stream-interrupted}. Through the gateway's SSE, the router and
 * a worker streaming from the simulator ({@code [sim:stream_error_after=N]}).
 */
class StreamInterruptedEndToEndIT extends WholePoolTestBase {

    private final JsonCodec json = new JsonCodec();

    @Test
    void aStreamThatFailsAfterTokensWentOutEndsWithAnErrorEventAndIsNotRetried() throws Exception {
        var response = post("/v1/chat/completions", """
                {"model":"gpt-4o-mini","stream":true,"max_tokens":12,
                 "messages":[{"role":"user","content":"Count slowly to twelve [sim:stream_error_after=3]"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        String id = response.headers().firstValue("x-llmpool-job-id").orElseThrow();
        List<String> data = response.body().lines().filter(line -> line.startsWith("data: "))
                .map(line -> line.substring("data: ".length())).toList();
        assertThat(data).doesNotContain("[DONE]");
        List<JsonNode> frames = data.stream().map(frame -> json.readTree(frame.getBytes(StandardCharsets.UTF_8)))
                .toList();
        List<JsonNode> chunks = frames.subList(0, frames.size() - 1);
        assertThat(chunks).isNotEmpty().allSatisfy(chunk ->
                assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk"));
        String streamed = chunks.stream().map(c -> c.path("choices").path(0).path("delta").path("content").asString(""))
                .reduce("", String::concat);
        assertThat(streamed).isNotBlank();
        JsonNode error = frames.getLast().path("error");
        assertThat(error.isObject()).as("last frame %s", frames.getLast()).isTrue();
        assertThat(error.path("message").asString()).contains("chunks were already streamed");
        assertThat(error.path("type").asString()).isEqualTo("server_error");
        assertThat(error.path("code").asString()).isEqualTo("upstream_error");

        try (KafkaProbe kafka = KafkaProbe.shared()) {
            ConsumerRecord<String, byte[]> dead = kafka.firstWithKey(Topics.deadLetter(Topics.REQUESTS), id,
                    Duration.ofSeconds(60));
            assertThat(new String(dead.headers().lastHeader(Headers.DLT_REASON).value(), StandardCharsets.UTF_8))
                    .isEqualTo("stream-interrupted");
            assertThat(new String(dead.headers().lastHeader(Headers.DLT_ATTEMPTS).value(), StandardCharsets.UTF_8))
                    .isEqualTo("1");
            JobResult result = json.fromBytes(kafka.firstWithKey(Topics.RESULTS, id, Duration.ofSeconds(60)).value(),
                    JobResult.class);
            assertThat(result.attempts()).singleElement().satisfies(attempt -> assertThat(attempt.succeeded()).isFalse());
        }
    }
}
