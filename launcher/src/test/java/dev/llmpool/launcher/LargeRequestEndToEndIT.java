package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.json.JsonCodec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Request bodies around the default limits, through the whole pool: one of a few MB (over Kafka's own 1 MB record
 * default, which once made it a 503) is answered, and one over the gateway's 8 MB is refused with a 413 before a
 * client that asks first ({@code Expect: 100-continue}) sends it.
 */
class LargeRequestEndToEndIT extends WholePoolTestBase {

    private final JsonCodec json = new JsonCodec();

    @Test
    void aBodyOfSeveralMegabytesTravelsThroughEveryTopicAndIsAnswered() throws Exception {
        String prompt = "Summarize this. " + UUID.randomUUID() + " " + "lorem ipsum dolor sit amet ".repeat(110_000);
        String body = json.toJson(Map.of("model", "gpt-4.1-nano", "max_tokens", 20,
                "messages", List.of(Map.of("role", "user", "content", prompt))));
        assertThat(body.length()).isGreaterThan(2 * 1024 * 1024);

        HttpResponse<String> response = post("/v1/chat/completions", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode completion = json.readTree(response.body());
        assertThat(completion.at("/choices/0/message/content").asString()).isNotBlank();
        assertThat(completion.at("/usage/prompt_tokens").asInt()).isPositive();
    }

    @Test
    void aBodyOverTheDefaultLimitIsRefusedBeforeTheClientSendsIt() throws Exception {
        byte[] body = new byte[9 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode error = json.readTree(response.body()).get("error");
        assertThat(error.get("code").asString()).isEqualTo("request_too_large");
        assertThat(error.get("message").asString()).contains("9437184 bytes").contains("8388608 bytes");
    }
}
