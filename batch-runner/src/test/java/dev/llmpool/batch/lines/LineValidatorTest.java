package dev.llmpool.batch.lines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.batch.BatchError;
import dev.llmpool.core.batch.JsonLines;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LineValidatorTest {

    private static final String ENDPOINT = "/v1/chat/completions";
    private static final JsonCodec CODEC = new JsonCodec();
    private final LineValidator validator = new LineValidator(CODEC, new EnvelopeReader(CODEC),
            Set.of("gpt-4o-mini", "auto")::contains, 200);

    private static JsonLines.Line line(long number, String text) {
        return new JsonLines.Line(number, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static String request(String customId, String method, String url, String body) {
        return "{\"custom_id\":" + customId + ",\"method\":" + method + ",\"url\":" + url + ",\"body\":" + body + "}";
    }

    @Test
    void aGoodLineGivesItsCustomIdAndBody() {
        LineCheck check = validator.check(line(1, request("\"r-1\"", "\"POST\"", "\"" + ENDPOINT + "\"",
                body("auto"))), ENDPOINT);
        assertThat(check).isInstanceOfSatisfying(LineCheck.Valid.class, valid -> {
            assertThat(valid.customId()).isEqualTo("r-1");
            assertThat(valid.body().get("model").asString()).isEqualTo("auto");
        });
    }

    /** Each kind of bad line: its code, the parameter at fault, and its line number in the message and the entry. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON                | {\"custom_id\": | invalid_json_line | |",
            "not an object           | [1,2] | invalid_json_line | |",
            "empty line              | '   ' | empty_line | |",
            "no custom_id            | {\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}} | missing_required_parameter | custom_id |",
            "custom_id not a string  | " + "{\"custom_id\":7,\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}} | invalid_value | custom_id |",
            "no method               | {\"custom_id\":\"a\",\"url\":\"/v1/chat/completions\",\"body\":{}} | missing_required_parameter | method |",
            "GET                     | {\"custom_id\":\"a\",\"method\":\"GET\",\"url\":\"/v1/chat/completions\",\"body\":{}} | invalid_method | method |",
            "no url                  | {\"custom_id\":\"a\",\"method\":\"POST\",\"body\":{}} | missing_required_parameter | url |",
            "another endpoint        | {\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{}} | mismatched_url | url |",
            "no body                 | {\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\"} | missing_required_parameter | body |",
            "body not an object      | {\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":\"hi\"} | invalid_type | body |",
            "no model                | {\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}} | missing_required_parameter | body.model |",
            "streaming               | {\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}} | invalid_value | body.stream |",
            "no messages             | {\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\"}} | invalid_request | body |",
            "bad temperature         | {\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"temperature\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}} | invalid_request | body |",
            "bad role                | {\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}} | invalid_request | body |",
            "unknown model           | {\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}} | model_not_found | body.model |"})
    void eachKindOfBadLineIsNamedWithItsNumber(String kind, String text, String code, String param) {
        LineCheck check = validator.check(line(42, text.strip()), ENDPOINT);
        assertThat(check).as(kind).isInstanceOfSatisfying(LineCheck.Invalid.class, invalid -> {
            BatchError error = invalid.error();
            assertThat(error.code()).isEqualTo(code);
            assertThat(error.param()).isEqualTo(param);
            assertThat(error.line()).isEqualTo(42);
            assertThat(error.message()).startsWith("Line 42");
        });
    }

    @Test
    void aLineOverTheSizeLimitIsNamed() {
        LineCheck check = validator.check(new JsonLines.Line(3, null), ENDPOINT);
        assertThat(check).isInstanceOfSatisfying(LineCheck.Invalid.class, invalid -> {
            assertThat(invalid.error().code()).isEqualTo("line_too_long");
            assertThat(invalid.error().line()).isEqualTo(3);
        });
    }
}
