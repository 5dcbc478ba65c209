package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The official openai-java SDK's Responses API against the pool, with response validation on. */
class ResponsesSdkEndToEndIT extends WholePoolTestBase {

    private final JsonCodec json = new JsonCodec();
    private OpenAIClient client;

    @BeforeEach
    void client() {
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey("sk-pool-test").maxRetries(0)
                .responseValidation(true).build();
    }

    private static String text(Response response) {
        return response.output().stream().filter(item -> item.isMessage())
                .flatMap(item -> item.asMessage().content().stream()).map(c -> c.asOutputText().text())
                .reduce("", String::concat);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4o-mini", "claude-haiku-4-5", "gemini-2.5-flash"})
    void aResponseStreamedOrNotCarriesTheSameAnswer(String model) {
        ResponseCreateParams params = ResponseCreateParams.builder().model(model).instructions("Be brief.")
                .input("Say something about rivers " + UUID.randomUUID()).build();
        Response response = client.responses().create(params);
        assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(text(response)).isNotBlank();
        assertThat(response.usage().orElseThrow().outputTokens()).isPositive();

        List<String> types = new ArrayList<>();
        StringBuilder deltas = new StringBuilder();
        Response[] completed = new Response[1];
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
            stream.stream().forEach(event -> {
                event.outputTextDelta().ifPresent(delta -> deltas.append(delta.delta()));
                event.completed().ifPresent(done -> completed[0] = done.response());
                types.add(event.isCreated() ? "created" : event.isInProgress() ? "in_progress"
                        : event.isOutputTextDelta() ? "delta" : event.isCompleted() ? "completed" : "other");
            });
        }
        assertThat(types.subList(0, 2)).containsExactly("created", "in_progress");
        assertThat(types.getLast()).isEqualTo("completed");
        assertThat(deltas.toString()).isEqualTo(text(response)).isEqualTo(text(completed[0]));
    }

    @Test
    void aChainedResponseCarriesTheConversationAndAStoredOneCanBeRead() {
        Response first = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .input("Name a river " + UUID.randomUUID()).build());
        Response second = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .input("And another one?").previousResponseId(first.id()).build());
        assertThat(second.previousResponseId()).hasValue(first.id());
        // the second prompt holds the first question and answer too
        assertThat(second.usage().orElseThrow().inputTokens())
                .isGreaterThan(first.usage().orElseThrow().inputTokens() + first.usage().orElseThrow()
                        .outputTokens() / 2);
        assertThat(text(client.responses().retrieve(first.id()))).isEqualTo(text(first));

        Response unstored = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .input("Forget me").store(false).build());
        assertThatThrownBy(() -> client.responses().retrieve(unstored.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .input("more").previousResponseId(unstored.id()).build())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aFunctionCallAndItsOutputMakeARoundTrip() {
        FunctionTool weather = FunctionTool.builder().name("get_weather").strict(false)
                .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type",
                        com.openai.core.JsonValue.from("object")).build()).build();
        Response call = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .input("Weather in Oslo? [sim:tool=get_weather] " + UUID.randomUUID()).addTool(weather).build());
        ResponseFunctionToolCall function = call.output().stream().filter(item -> item.isFunctionCall())
                .findFirst().orElseThrow().asFunctionCall();
        assertThat(function.name()).isEqualTo("get_weather");

        Response answer = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .previousResponseId(call.id()).addTool(weather)
                .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(
                        ResponseInputItem.FunctionCallOutput.builder().callId(function.callId())
                                .output("Sunny, 21 C").build()))).build());
        // the simulator answers the directive again, so the proof is the prompt: question, call and output
        assertThat(answer.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(answer.usage().orElseThrow().inputTokens()).isGreaterThan(call.usage().orElseThrow().inputTokens());
    }

    @Test
    void badInputGetsOpenAisErrorShape() throws Exception {
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("no-such-model")
                .input("hi").build())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .input("hi").addTool(com.openai.models.responses.WebSearchTool.builder()
                        .type(com.openai.models.responses.WebSearchTool.Type.WEB_SEARCH).build()).build()))
                .isInstanceOf(BadRequestException.class);

        HttpResponse<String> unknown = post("/v1/responses", """
                {"model":"gpt-4o-mini","input":"hi","frobnicate":true}""");
        assertThat(unknown.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(unknown.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asString()).isEqualTo("frobnicate");
    }
}
