package dev.llmpool.launcher.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpVerdictTest {

    private static final String OPENAI = "{\"error\":{\"message\":\"Bad.\",\"type\":\"invalid_request_error\","
            + "\"param\":null,\"code\":\"invalid_json\"}}";
    private final HttpProbe invalid = HttpProbe.of("invalid-json", "POST", "/v1/jobs", List.of(),
            HttpBody.json("{"));

    private static HttpAnswer answer(int status, String type, String body) {
        return new HttpAnswer(status, Map.of("content-type", type), body.getBytes(StandardCharsets.UTF_8), null, 1);
    }

    @Test
    void a4xxOrA503InTheOpenAiShapeKeepsTheRule() {
        assertThat(HttpVerdict.violation(invalid, answer(400, "application/json", OPENAI))).isNull();
        assertThat(HttpVerdict.violation(invalid, answer(503, "application/json", OPENAI))).isNull();
    }

    @Test
    void anotherShapeAnotherServerErrorOrNoAnswerBreaksIt() {
        assertThat(HttpVerdict.violation(invalid, answer(400, "text/html", "<html>Bad Request</html>")))
                .contains("not in the OpenAI error shape");
        assertThat(HttpVerdict.violation(invalid, answer(400, "application/json", "{\"status\":999}")))
                .contains("not in the OpenAI error shape");
        assertThat(HttpVerdict.violation(invalid, answer(500, "application/json", OPENAI))).contains("answered 500");
        assertThat(HttpVerdict.violation(invalid, answer(505, "application/json", OPENAI))).contains("answered 505");
        assertThat(HttpVerdict.violation(invalid, HttpAnswer.none("connection reset", 3))).contains("no answer");
    }

    @Test
    void aSuccessIsRightOnlyForARequestThatMayBeValid() {
        assertThat(HttpVerdict.violation(invalid, answer(202, "application/json", "{}"))).contains("accepted");
        assertThat(HttpVerdict.violation(invalid.maybeValid(), answer(202, "application/json", "{}"))).isNull();
        assertThat(HttpVerdict.violation(invalid.allowing(504), answer(504, "application/json", OPENAI))).isNull();
    }
}
