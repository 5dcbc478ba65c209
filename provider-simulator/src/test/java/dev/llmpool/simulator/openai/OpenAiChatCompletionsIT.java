package dev.llmpool.simulator.openai;

import static dev.llmpool.simulator.support.SimulatorHttp.JSON;
import static dev.llmpool.simulator.support.SimulatorHttp.chat;
import static dev.llmpool.simulator.support.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.support.SimulatorHttp;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OpenAiChatCompletionsIT {

    private static final String PATH = "/v1/chat/completions";

    private static ProviderSimulator simulator;
    private static SimulatorHttp http;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorSettings.defaults());
        http = new SimulatorHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void answersInOpenAiShapeWithHeaders() {
        HttpResponse<String> response = http.post(PATH, chat("gpt-4o-mini", "Hello there"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(response.headers().firstValue("openai-processing-ms")).isPresent();
        assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("30000");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("29999");
        assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).hasValue("2ms");
        assertThat(response.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("150000000");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-tokens")).isPresent();
        assertThat(response.headers().firstValue("x-ratelimit-reset-tokens")).isPresent();

        JsonNode body = json(response);
        assertThat(body.path("id").stringValue()).matches("chatcmpl-[A-Za-z0-9]{29}");
        assertThat(body.path("object").stringValue()).isEqualTo("chat.completion");
        assertThat(body.path("created").longValue()).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(86_400L));
        assertThat(body.path("model").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("system_fingerprint").stringValue()).isEqualTo("fp_sim");
        JsonNode choice = body.path("choices").get(0);
        assertThat(body.path("choices").size()).isEqualTo(1);
        assertThat(choice.path("index").intValue()).isZero();
        assertThat(choice.path("message").path("role").stringValue()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").stringValue()).isNotBlank();
        assertThat(choice.path("message").has("refusal")).isTrue();
        assertThat(choice.path("message").path("refusal").isNull()).isTrue();
        assertThat(choice.has("logprobs")).isTrue();
        assertThat(choice.path("logprobs").isNull()).isTrue();
        assertThat(choice.path("finish_reason").stringValue()).isEqualTo("stop");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("completion_tokens").intValue()).isEqualTo(16);
        assertThat(usage.path("prompt_tokens").intValue()).isEqualTo(3 + 3 + 3);
        assertThat(usage.path("total_tokens").intValue()).isEqualTo(25);
    }

    @Test
    void sameRequestSameAnswerDifferentPromptDifferentAnswer() {
        String first = content(json(http.post(PATH, chat("gpt-4o-mini", "What is a queue?"))));
        String again = content(json(http.post(PATH, chat("gpt-4o-mini", "What is a queue?"))));
        String other = content(json(http.post(PATH, chat("gpt-4o-mini", "What is a stack?"))));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void acceptsAnyModelNameAndEchoesIt() {
        JsonNode body = json(http.post(PATH, chat("my-fine-tune:v7", "hi")));

        assertThat(body.path("model").stringValue()).isEqualTo("my-fine-tune:v7");
    }

    @Test
    void nChoicesGiveNDifferentChoices() {
        ObjectNode request = chat("gpt-4o-mini", "three ideas");
        request.put("n", 3);

        JsonNode body = json(http.post(PATH, request));

        assertThat(body.path("choices").size()).isEqualTo(3);
        assertThat(body.path("choices").get(2).path("index").intValue()).isEqualTo(2);
        assertThat(content(body)).isNotEqualTo(body.path("choices").get(1).path("message").path("content").stringValue());
        assertThat(body.path("usage").path("completion_tokens").intValue()).isEqualTo(48);
    }

    @Test
    void maxTokensCapsTheAnswerWithFinishLength() {
        ObjectNode request = chat("gpt-4o-mini", "long story");
        request.put("max_tokens", 4);

        JsonNode body = json(http.post(PATH, request));

        assertThat(body.path("usage").path("completion_tokens").intValue()).isEqualTo(4);
        assertThat(body.path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("length");
        assertThat(content(body).split(" ")).hasSize(4);
    }

    @Test
    void maxCompletionTokensCapsToo() {
        ObjectNode request = chat("gpt-4o-mini", "long story [sim:tokens=50]");
        request.put("max_completion_tokens", 20);

        JsonNode body = json(http.post(PATH, request));

        assertThat(body.path("usage").path("completion_tokens").intValue()).isEqualTo(20);
        assertThat(body.path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("length");
    }

    @Test
    void logprobsComeInOpenAiShape() {
        ObjectNode request = chat("gpt-4o-mini", "probable");
        request.put("logprobs", true);
        request.put("top_logprobs", 2);

        JsonNode body = json(http.post(PATH, request));
        JsonNode again = json(http.post(PATH, request));

        JsonNode logprobs = body.path("choices").get(0).path("logprobs");
        assertThat(logprobs.path("content").size()).isEqualTo(16);
        assertThat(logprobs.has("refusal")).isTrue();
        JsonNode first = logprobs.path("content").get(0);
        assertThat(first.path("token").isString()).isTrue();
        assertThat(first.path("logprob").doubleValue()).isLessThanOrEqualTo(0.0);
        assertThat(first.path("bytes").isArray()).isTrue();
        assertThat(first.path("bytes").size()).isEqualTo(first.path("token").stringValue().length());
        assertThat(first.path("top_logprobs").size()).isEqualTo(2);
        assertThat(first.path("top_logprobs").get(0).path("token").stringValue())
                .isEqualTo(first.path("token").stringValue());
        assertThat(again.path("choices").get(0).path("logprobs")).isEqualTo(logprobs);
        StringBuilder joined = new StringBuilder();
        logprobs.path("content").values().forEach(token -> joined.append(token.path("token").stringValue()));
        assertThat(joined.toString()).isEqualTo(content(body));
    }

    @Test
    void toolDirectiveGivesAToolCall() {
        ObjectNode request = chat("gpt-4o-mini", "Weather in the capital? [sim:tool=get_weather]");
        request.set("tools", JSON.readTree("""
                [{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
                    "properties":{"city":{"type":"string"}}}}}]
                """));

        JsonNode choice = json(http.post(PATH, request)).path("choices").get(0);

        assertThat(choice.path("finish_reason").stringValue()).isEqualTo("tool_calls");
        JsonNode message = choice.path("message");
        assertThat(message.path("content").isNull()).isTrue();
        JsonNode call = message.path("tool_calls").get(0);
        assertThat(call.path("id").stringValue()).startsWith("call_");
        assertThat(call.path("type").stringValue()).isEqualTo("function");
        assertThat(call.path("function").path("name").stringValue()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.path("function").path("arguments").stringValue()).path("city").stringValue())
                .isNotBlank();
    }

    @Test
    void jsonSchemaResponseFormatGivesAMatchingObject() {
        ObjectNode request = chat("gpt-4o-mini", "A person, please");
        request.set("response_format", JSON.readTree("""
                {"type":"json_schema","json_schema":{"name":"person","strict":true,"schema":{"type":"object",
                    "properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"],
                    "additionalProperties":false}}}
                """));

        JsonNode content = JSON.readTree(content(json(http.post(PATH, request))));

        assertThat(content.path("name").isString()).isTrue();
        assertThat(content.path("age").isIntegralNumber()).isTrue();
    }

    @Test
    void jsonObjectResponseFormatGivesAnObject() {
        ObjectNode request = chat("gpt-4o-mini", "json please");
        request.set("response_format", JSON.readTree("{\"type\":\"json_object\"}"));

        assertThat(JSON.readTree(content(json(http.post(PATH, request)))).isObject()).isTrue();
    }

    @Test
    void echoRefuseAndFinishDirectives() {
        assertThat(content(json(http.post(PATH, chat("gpt-4o-mini", "say exactly this [sim:echo]")))))
                .isEqualTo("say exactly this");

        JsonNode refused = json(http.post(PATH, chat("gpt-4o-mini", "bad idea [sim:refuse]")));
        assertThat(refused.path("choices").get(0).path("message").path("content").isNull()).isTrue();
        assertThat(refused.path("choices").get(0).path("message").path("refusal").stringValue()).startsWith("I'm sorry");

        JsonNode cut = json(http.post(PATH, chat("gpt-4o-mini", "cut [sim:finish=length] [sim:tokens=5]")));
        assertThat(cut.path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("length");
        assertThat(cut.path("usage").path("completion_tokens").intValue()).isEqualTo(5);
    }

    @Test
    void textPartsAndSystemMessagesAreAccepted() {
        JsonNode body = json(http.post(PATH, """
                {"model":"gpt-4o","messages":[{"role":"developer","content":"Be brief."},
                  {"role":"user","content":[{"type":"text","text":"echo me"},{"type":"text","text":"[sim:echo]"}]}]}
                """));

        assertThat(content(body)).isEqualTo("echo me");
    }

    @Test
    void modelsAreListedInOpenAiShape() {
        HttpResponse<String> response = http.get("/v1/models");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("object").stringValue()).isEqualTo("list");
        assertThat(body.path("data").valueStream().map(model -> model.path("id").stringValue()))
                .containsExactly("gpt-4o-mini", "gpt-4o", "gpt-4.1-nano", "o3-mini");
        assertThat(body.path("data").get(0).path("object").stringValue()).isEqualTo("model");
        assertThat(body.path("data").get(0).path("owned_by").stringValue()).isNotBlank();
        assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).isPresent();

        assertThat(json(http.get("/v1/models/gpt-4o")).path("id").stringValue()).isEqualTo("gpt-4o");
        assertThat(http.get("/v1/models/does-not-exist").statusCode()).isEqualTo(404);
    }

    private static String content(JsonNode body) {
        return body.path("choices").get(0).path("message").path("content").stringValue();
    }
}
