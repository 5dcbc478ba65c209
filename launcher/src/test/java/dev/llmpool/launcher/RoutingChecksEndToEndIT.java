package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.json.JsonCodec;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code checked} route of {@link TestRoutes} through the whole pool: the simulator's cheap model is made to
 * answer badly for some prompts ({@code [sim:only=gpt-4o-mini]} aims the directives at it alone;
 * {@code [sim:finish=length]} truncates, {@code [sim:echo]} answers a fixed text: malformed JSON, or text without
 * the expected pattern), and those, and only those, are answered by the second tier, gpt-4o (its own answer, as the
 * simulator gives it), with the failing scorer and its reason in the job's decision trace
 * ({@code GET /v1/jobs/{id}}, {@code result.routing}) and the short form in {@code x-llmpool-route}.
 */
class RoutingChecksEndToEndIT extends WholePoolTestBase {

    private final JsonCodec json = new JsonCodec();

    /** A prompt, whether it asks for JSON, and the scorer that must fail it (null: the first tier is accepted). */
    private record Case(String prompt, boolean jsonFormat, String failingScorer, String reason) {
    }

    /** The directives after it are for the first tier only: gpt-4o answers as it always does. */
    private static final String CHEAP = "[sim:only=gpt-4o-mini] ";

    private static List<Case> cases(String id) {
        return List.of(
                new Case("[sim:echo] The answer is 42 (" + id + ")", false, null, null),
                new Case("[sim:echo] {\"answer\": 42, \"format\": \"json\", \"id\": \"" + id + "\"}", true, null,
                        null),
                new Case(CHEAP + "[sim:echo] [sim:finish=length] The answer is 4 (" + id + ")", false,
                        "finish_reason", "truncated (finish_reason length)"),
                new Case(CHEAP + "[sim:echo] {\"answer\": 42, \"format\": \"json\", \"id\": \"" + id + "\"", true,
                        "json", "malformed JSON"),
                new Case(CHEAP + "[sim:echo] I cannot say (" + id + ")", false, "pattern",
                        "expected pattern /answer/ missing"));
    }

    private String body(Case c, boolean stream) {
        return body(c, "checked", stream);
    }

    private String body(Case c, String model, boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", c.prompt())));
        if (c.jsonFormat()) {
            body.put("response_format", Map.of("type", "json_object"));
        }
        if (stream) {
            body.put("stream", true);
        }
        return json.toJson(body);
    }

    @Test
    void onlyTheAnswersTheFirstTierGotWrongAreEscalatedAndTheTraceSaysWhichScorerFailedThem() throws Exception {
        String id = UUID.randomUUID().toString();
        for (Case c : cases(id)) {
            boolean escalates = c.failingScorer() != null;
            String model = escalates ? "gpt-4o" : "gpt-4o-mini";

            HttpResponse<String> response = post("/v1/chat/completions", body(c, false));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-llmpool-model")).as(c.prompt()).hasValue(model);
            assertThat(response.headers().firstValue("x-llmpool-attempts")).as(c.prompt())
                    .hasValue(escalates ? "2" : "1");
            String firstTier = !escalates ? "gpt-4o-mini:1.00; final=gpt-4o-mini;"
                    : "pattern".equals(c.failingScorer()) ? "gpt-4o-mini:0.00,gpt-4o:" : "gpt-4o-mini:fail,gpt-4o:";
            assertThat(response.headers().firstValue("x-llmpool-route")).as(c.prompt())
                    .hasValueSatisfying(route -> assertThat(route)
                            .startsWith("route=checked; by=alias:checked; tiers=" + firstTier)
                            .contains(escalates ? "; final=gpt-4o;" : "; final=gpt-4o-mini;"));
            JsonNode answer = json.readTree(response.body());
            assertThat(answer.get("model").asString()).isEqualTo(model);
            String expected = escalates ? content(json.readTree(postToSimulator(body(c, "gpt-4o", false)).body()))
                    : c.prompt().replace("[sim:echo] ", "");
            assertThat(content(answer)).as(c.prompt()).isEqualTo(expected);

            String jobId = response.headers().firstValue("x-llmpool-job-id").orElseThrow();
            JsonNode routing = json.readTree(get("/v1/jobs/" + jobId).body()).get("result").get("routing");
            assertThat(routing.get("route").asString()).isEqualTo("checked");
            assertThat(routing.get("outcome").asString()).isEqualTo("accepted");
            assertThat(routing.get("final_model").asString()).isEqualTo(model);
            JsonNode first = routing.get("attempts").get(0);
            assertThat(first.get("model").asString()).isEqualTo("gpt-4o-mini");
            assertThat(first.get("accepted").asBoolean()).as(c.prompt()).isEqualTo(!escalates);
            assertThat(routing.get("attempts").size()).isEqualTo(escalates ? 2 : 1);
            if (escalates) {
                List<JsonNode> failing = new ArrayList<>();
                first.get("scores").forEach(score -> {
                    if (score.get("scorer").asString().equals(c.failingScorer())) {
                        failing.add(score);
                    }
                });
                assertThat(failing).as(routing.toString()).singleElement().satisfies(score -> {
                    assertThat(score.get("reason").asString()).startsWith(c.reason());
                    assertThat(score.get("value").asDouble()).isZero();
                });
            }
        }
    }

    @Test
    void aStreamingClientGetsKeepAlivesWhileTheFirstTierRunsThenOnlyTheAcceptedAnswer() throws Exception {
        String text = "The answer is 7 (" + UUID.randomUUID() + ")";
        Case slowAndTruncated = new Case(CHEAP + "[sim:delay=1s] [sim:finish=length] [sim:echo] " + text, false,
                "finish_reason", null);

        HttpResponse<String> response = post("/v1/chat/completions", body(slowAndTruncated, true));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> lines = response.body().lines().filter(line -> !line.isBlank()).toList();
        int firstData = indexOf(lines, "data:");
        int firstKeepAlive = indexOf(lines, ": keep-alive");
        assertThat(firstKeepAlive).as("a keep-alive while gpt-4o-mini runs: %s", lines).isNotNegative()
                .isLessThan(firstData);
        assertThat(lines).allSatisfy(line -> assertThat(line).matches("(data: |: keep-alive).*"));
        List<String> data = lines.stream().filter(line -> line.startsWith("data: "))
                .map(line -> line.substring("data: ".length())).toList();
        assertThat(data.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(json::readTree).toList();
        assertThat(chunks).isNotEmpty().allSatisfy(chunk -> {
            assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("model").asString()).as("only the accepted tier's chunks").isEqualTo("gpt-4o");
        });
        StringBuilder content = new StringBuilder();
        chunks.forEach(chunk -> chunk.get("choices").forEach(choice -> {
            JsonNode piece = choice.path("delta").path("content");
            if (piece.isString()) {
                content.append(piece.asString());
            }
        }));
        assertThat(content.toString()).isEqualTo(content(json.readTree(
                postToSimulator(body(slowAndTruncated, "gpt-4o", false)).body())));
    }

    private static String content(JsonNode completion) {
        return completion.get("choices").get(0).get("message").get("content").asString();
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
