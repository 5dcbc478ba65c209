package dev.llmpool.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.RouteAliases;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ChatRequestValidatorTest {

    private static final ModelCatalog CATALOG = new CatalogLoader().parse("""
            models:
              - id: gpt-4o-mini
                provider: openai
                aliases: [fast]
                context_window: 128000
                max_output_tokens: 16384
              - id: small
                provider: local
                context_window: 8192
            """);

    private final ChatRequestValidator validator = new ChatRequestValidator(new JsonCodec(), CATALOG);

    private ChatRequestValidator.ValidChat validate(String json) {
        return validator.validate(validator.parseObject(json.getBytes(StandardCharsets.UTF_8)), "", null);
    }

    private static void assertError(ThrowingCallable call, int status, String param, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.body().error().param()).isEqualTo(param);
            assertThat(e.body().error().message()).contains(messagePart);
            assertThat(e.body().error().type()).isEqualTo("invalid_request_error");
        });
    }

    @Test
    void aValidBodyBindsWithUnknownFieldsKeptAndTheAliasResolved() {
        ChatRequestValidator.ValidChat chat = validate("""
                {"model":"fast","messages":[{"role":"user","content":"hi"}],"temperature":0,"stream":true,
                 "stream_options":{"include_usage":true},"parallel_tool_calls":false}""");

        assertThat(chat.model().id()).isEqualTo("gpt-4o-mini");
        assertThat(chat.body().model()).isEqualTo("fast");
        assertThat(chat.body().includeUsage()).isTrue();
        assertThat(chat.body().extra()).containsEntry("parallel_tool_calls", false);
    }

    @Test
    void aRouteAliasIsAcceptedAsARouteAndWinsOverACatalogAliasOfTheSameName() {
        ChatRequestValidator routing = new ChatRequestValidator(new JsonCodec(), CATALOG,
                RouteAliases.parse("""
                        auto_aliases: [auto]
                        routes:
                          quick: {aliases: [fast], tiers: [{model: gpt-4o-mini}]}
                        """));

        ChatRequestValidator.ValidChat auto = routing.validate(routing.parseObject(
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        .getBytes(StandardCharsets.UTF_8)), "", null);
        ChatRequestValidator.ValidChat fast = routing.validate(routing.parseObject(
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        .getBytes(StandardCharsets.UTF_8)), "", null);

        assertThat(auto.model()).isNull();
        assertThat(auto.route()).isEqualTo("auto");
        assertThat(auto.name()).isEqualTo("auto");
        assertThat(auto.provider()).isNull();
        assertThat(fast.route()).isEqualTo("fast");
        assertError(() -> validate("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                404, "model", "auto");
    }

    @Test
    void malformedJsonNamesTheParseProblem() {
        assertError(() -> validate("{\"model\": \"gpt-4o-mini\", \"messages\": ["), 400, null,
                "We could not parse the JSON body of your request: Unexpected end-of-input");
    }

    @Test
    void anEmptyBodyAndANonObjectAreRejected() {
        assertError(() -> validate(""), 400, null, "the body is empty");
        assertError(() -> validate("[1,2]"), 400, null, "must be a JSON object, but got an array");
    }

    @Test
    void missingOrEmptyMessagesAreA400NamingMessages() {
        assertError(() -> validate("{\"model\":\"gpt-4o-mini\"}"), 400, "messages",
                "Missing required parameter: 'messages'");
        assertError(() -> validate("{\"model\":\"gpt-4o-mini\",\"messages\":[]}"), 400, "messages", "empty array");
        assertError(() -> validate("{\"model\":\"gpt-4o-mini\",\"messages\":\"hi\"}"), 400, "messages",
                "expected an array, but got a string");
    }

    @Test
    void eachMessageNeedsARoleAndContent() {
        assertError(() -> validate("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"content\":\"x\"}]}"), 400,
                "messages[0].role", "Missing required parameter");
        assertError(() -> validate("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"),
                400, "messages[0].role", "'robot'");
        assertError(() -> validate("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\"}]}"), 400,
                "messages[0].content", "Missing required parameter");
        assertThat(validate("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"},
                 {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"c","content":"42"}]}""").body().messages()).hasSize(3);
    }

    @Test
    void aMissingModelIsA400AndAnUnknownOneA404LikeOpenAi() {
        assertError(() -> validate("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400, "model",
                "Missing required parameter: 'model'");
        assertThatThrownBy(() -> validate("{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.body().error().message())
                            .isEqualTo("The model `nope` does not exist or you do not have access to it.");
                    assertThat(e.body().error().code()).isEqualTo("model_not_found");
                });
    }

    @Test
    void wrongTypesAndRangesAreA400NamingTheParameter() {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
        assertError(() -> validate("{\"model\":\"gpt-4o-mini\"," + messages + ",\"temperature\":\"hot\"}"), 400,
                "temperature", "Invalid type for 'temperature': expected a decimal, but got a string instead.");
        assertError(() -> validate("{\"model\":\"gpt-4o-mini\"," + messages + ",\"stream\":\"yes\"}"), 400,
                "stream", "expected a boolean");
        assertError(() -> validate("{\"model\":\"gpt-4o-mini\"," + messages + ",\"n\":1.5}"), 400, "n",
                "expected an integer, but got a decimal");
        assertError(() -> validate("{\"model\":\"gpt-4o-mini\"," + messages + ",\"temperature\":3}"), 400,
                "temperature", "out of range");
        assertError(() -> validate("{\"model\":42," + messages + "}"), 400, "model", "expected a string");
    }

    @Test
    void streamOptionsNeedStream() {
        assertError(() -> validate("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true}}"""),
                400, "stream_options", "only allowed when 'stream' is enabled");
    }

    @Test
    void nullOptionalParametersAreAccepted() {
        assertThat(validate("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}],"temperature":null,"stop":null}""")
                .body().temperature()).isNull();
    }

    @Test
    void aNestedBodyReportsParametersWithItsPrefix() {
        assertThatThrownBy(() -> validator.validate(validator.parseObject(
                "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8)), "body.", "gpt-4o-mini"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.body().error().param()).isEqualTo("body.messages"));
    }

    @Test
    void moreMessagesOrChoicesThanTheLimitsAreA400NamingTheLimit() {
        ChatRequestValidator limited = new ChatRequestValidator(new JsonCodec(), CATALOG, () -> RouteAliases.NONE,
                new ChatRequestValidator.Limits(2, 3));
        String one = "{\"role\":\"user\",\"content\":\"x\"}";

        assertThat(limited.validate(limited.parseObject(("{\"model\":\"gpt-4o-mini\",\"messages\":[" + one + ","
                + one + "],\"n\":3}").getBytes(StandardCharsets.UTF_8)), "", null).body().n()).isEqualTo(3);
        assertError(() -> limited.validate(limited.parseObject(("{\"model\":\"gpt-4o-mini\",\"messages\":[" + one
                + "," + one + "," + one + "]}").getBytes(StandardCharsets.UTF_8)), "", null), 400, "messages",
                "Expected an array with maximum length 2, but got an array with length 3 instead.");
        assertError(() -> limited.validate(limited.parseObject(("{\"model\":\"gpt-4o-mini\",\"messages\":[" + one
                + "],\"n\":4}").getBytes(StandardCharsets.UTF_8)), "body.", null), 400, "body.n",
                "Expected a value <= 3, but got 4 instead.");
    }

    @Test
    void aCompletionCapIsHeldToTheModelsOutputLimitElseItsContextWindow() {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
        assertThat(validate("{\"model\":\"fast\"," + messages + ",\"max_tokens\":16384}").body().maxTokens())
                .isEqualTo(16384);
        assertError(() -> validate("{\"model\":\"fast\"," + messages + ",\"max_tokens\":16385}"), 400,
                "max_tokens", "max_tokens is too large: 16385. The model gpt-4o-mini supports at most 16384 "
                        + "completion tokens");
        assertError(() -> validate("{\"model\":\"gpt-4o-mini\"," + messages + ",\"max_completion_tokens\":99999}"),
                400, "max_completion_tokens", "at most 16384");
        assertError(() -> validate("{\"model\":\"small\"," + messages + ",\"max_tokens\":8193}"), 400,
                "max_tokens", "has a context window of 8192 tokens");
    }

    @Test
    void aRouteIsNotHeldToAnyOneModelsOutputLimit() {
        ChatRequestValidator routing = new ChatRequestValidator(new JsonCodec(), CATALOG,
                RouteAliases.parse("auto_aliases: [auto]\nroutes:\n  balanced:\n    tiers: []\n"));
        assertThat(routing.validate(routing.parseObject(("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"max_tokens\":100000}").getBytes(StandardCharsets.UTF_8)), "", null).route())
                .isEqualTo("auto");
    }

    @Test
    void malformedUtf8IsA400SayingWhereNotACharacterReadIntoTheBody() {
        byte[] prefix = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                .getBytes(StandardCharsets.UTF_8);
        byte[][] malformed = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                {(byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80,
                (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
        for (byte[] bad : malformed) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(prefix);
            body.writeBytes(bad);
            body.writeBytes("\"}]}".getBytes(StandardCharsets.UTF_8));
            assertError(() -> validator.parseObject(body.toByteArray()), 400, null,
                    "not valid UTF-8 (a malformed byte sequence at byte offset " + prefix.length + ")");
        }
        String wellFormed = "caf\u00e9 \u20ac \ud83d\ude00";
        assertThat(validate("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + wellFormed + "\"}]}").body().messages().getFirst().text()).isEqualTo(wellFormed);
    }
}
