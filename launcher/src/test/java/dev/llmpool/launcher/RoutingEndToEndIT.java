package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmpool.schemas.json.JsonCodec;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Content-based routing and confidence escalation through the whole pool with the shipped rules: {@code auto} takes
 * the {@code balanced} route, whose first tier (gpt-4o-mini) is accepted when its answer finished and the geometric
 * mean of its token probabilities reaches 0.6, and otherwise climbs to gpt-4o. The simulator's answers and log
 * probabilities are deterministic, so the test computes from a direct call what the router must decide.
 */
class RoutingEndToEndIT extends WholePoolTestBase {

    private static final double THRESHOLD = 0.6;
    /** Long answers (mean token probability well under 0.6) and one-token answers (often above it). */
    private static final List<String> PROMPTS = List.of("Describe the sea", "Write a haiku about rain",
            "List two fruits", "[sim:tokens=1] Say yes", "[sim:tokens=1] Name a river", "[sim:tokens=1] Greet me",
            "[sim:tokens=1] Pick a colour", "[sim:tokens=1] Count to one", "[sim:tokens=1] Say no",
            "[sim:tokens=1] Name a city");

    private final JsonCodec json = new JsonCodec();

    /** Whether the first tier's answer to {@code prompt} meets the balanced route's threshold. */
    private boolean cheapTierSuffices(String prompt) throws Exception {
        JsonNode direct = simulator(prompt, "gpt-4o-mini", true);
        JsonNode choice = direct.get("choices").get(0);
        JsonNode tokens = choice.path("logprobs").path("content");
        assertThat(tokens.size()).as("the simulator returns logprobs when asked").isPositive();
        double sum = 0;
        for (JsonNode token : tokens) {
            sum += token.get("logprob").asDouble();
        }
        return "stop".equals(choice.get("finish_reason").asString())
                && Math.exp(sum / tokens.size()) >= THRESHOLD;
    }

    private JsonNode simulator(String prompt, String model, boolean logprobs) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        if (logprobs) {
            body.put("logprobs", true);
        }
        HttpResponse<String> response = postToSimulator(json.toJson(body));
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static String content(JsonNode completion) {
        return completion.get("choices").get(0).get("message").get("content").asString();
    }

    @Test
    void autoAcceptsTheCheapAnswerWhenItIsConfidentAndClimbsWhenItIsNot() throws Exception {
        int accepted = 0;
        int climbed = 0;
        for (String prompt : PROMPTS) {
            boolean cheap = cheapTierSuffices(prompt);
            String model = cheap ? "gpt-4o-mini" : "gpt-4o";

            HttpResponse<String> response = post("/v1/chat/completions", json.toJson(Map.of("model", "auto",
                    "messages", List.of(Map.of("role", "user", "content", prompt)))));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-llmpool-model")).as(prompt).hasValue(model);
            assertThat(response.headers().firstValue("x-llmpool-attempts")).hasValue(cheap ? "1" : "2");
            assertThat(response.headers().firstValue("x-llmpool-route")).hasValueSatisfying(route -> assertThat(route)
                    .startsWith("route=balanced; by=default; tiers=gpt-4o-mini:")
                    .contains(cheap ? "; final=gpt-4o-mini;" : ",gpt-4o:1.00; final=gpt-4o;"));
            JsonNode answer = json.readTree(response.body());
            assertThat(answer.get("model").asString()).isEqualTo(model);
            assertThat(content(answer)).isEqualTo(content(simulator(prompt, model, cheap)));
            if (cheap) {
                accepted++;
            } else {
                climbed++;
            }
        }
        assertThat(accepted).as("prompts whose cheap answer was accepted").isPositive();
        assertThat(climbed).as("prompts that climbed to gpt-4o").isPositive();
    }

    @Test
    void aStreamingClientSeesOnlyTheAnswerTheRouterKept() throws Exception {
        String prompt = PROMPTS.stream().filter(p -> {
            try {
                return !cheapTierSuffices(p);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey("sk-pool-test")
                .maxRetries(0).build();

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("auto").addUserMessage(prompt).build())) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));

        assertThat(text.toString()).isEqualTo(content(simulator(prompt, "gpt-4o", false)));
        assertThat(chunks.getLast().model()).isEqualTo("gpt-4o");
        assertThat(chunks.stream().map(ChatCompletionChunk::id).distinct()).hasSize(1);
    }
}
