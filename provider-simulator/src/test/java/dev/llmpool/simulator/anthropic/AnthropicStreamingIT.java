package dev.llmpool.simulator.anthropic;

import static dev.llmpool.simulator.anthropic.AnthropicMessagesIT.HEADERS;
import static dev.llmpool.simulator.anthropic.AnthropicMessagesIT.PATH;
import static dev.llmpool.simulator.anthropic.AnthropicMessagesIT.message;
import static dev.llmpool.simulator.support.SimulatorHttp.json;
import static dev.llmpool.simulator.support.SimulatorHttp.namedEvents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.support.SimulatorHttp;
import dev.llmpool.simulator.support.SimulatorHttp.SseEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic's event stream over real HTTP: exact event order, deltas, tool input, mid-stream errors. */
class AnthropicStreamingIT {

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
    void streamsEventsInAnthropicsOrder() {
        HttpResponse<String> response = http.postWithHeaders(PATH, streaming("Tell me a story", 1024), HEADERS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("request-id")).isPresent();
        assertThat(response.headers().firstValue("anthropic-ratelimit-requests-remaining")).isPresent();
        List<SseEvent> events = namedEvents(response.body());
        List<String> expected = new ArrayList<>(List.of("message_start", "content_block_start", "ping"));
        expected.addAll(Collections.nCopies(16, "content_block_delta"));
        expected.addAll(List.of("content_block_stop", "message_delta", "message_stop"));
        assertThat(events).extracting(SseEvent::event).containsExactlyElementsOf(expected);
        assertThat(events).allSatisfy(event -> assertThat(event.data().path("type").stringValue())
                .isEqualTo(event.event()));

        JsonNode start = events.getFirst().data().path("message");
        assertThat(start.path("id").stringValue()).startsWith("msg_01");
        assertThat(start.path("content").isEmpty()).isTrue();
        assertThat(start.path("stop_reason").isNull()).isTrue();
        assertThat(start.path("usage").path("input_tokens").intValue()).isPositive();
        assertThat(start.path("usage").path("output_tokens").intValue()).isEqualTo(1);
        assertThat(events.get(1).data().path("content_block").toString()).isEqualTo("{\"type\":\"text\",\"text\":\"\"}");

        StringBuilder text = new StringBuilder();
        for (SseEvent delta : events.subList(3, 19)) {
            assertThat(delta.data().path("index").intValue()).isZero();
            assertThat(delta.data().path("delta").path("type").stringValue()).isEqualTo("text_delta");
            text.append(delta.data().path("delta").path("text").stringValue());
        }
        JsonNode messageDelta = events.get(20).data();
        assertThat(messageDelta.path("delta").path("stop_reason").stringValue()).isEqualTo("end_turn");
        assertThat(messageDelta.path("delta").has("stop_sequence")).isTrue();
        assertThat(messageDelta.path("usage").path("output_tokens").intValue()).isEqualTo(16);

        JsonNode whole = json(http.postWithHeaders(PATH, message("claude-sonnet-4-5", "Tell me a story", 1024),
                HEADERS));
        assertThat(text.toString()).isEqualTo(whole.path("content").get(0).path("text").stringValue());
        assertThat(start.path("usage").path("input_tokens").intValue())
                .isEqualTo(whole.path("usage").path("input_tokens").intValue());
    }

    @Test
    void toolInputStreamsAsJsonDeltasThatAddUpToTheInput() {
        ObjectNode request = streaming("Weather in Oslo?", 200);
        request.putArray("tools").addObject().put("name", "get_weather").putObject("input_schema")
                .put("type", "object");
        request.putObject("tool_choice").put("type", "any");

        List<SseEvent> events = namedEvents(http.postWithHeaders(PATH, request, HEADERS).body());

        JsonNode block = events.get(1).data().path("content_block");
        assertThat(block.path("type").stringValue()).isEqualTo("tool_use");
        assertThat(block.path("id").stringValue()).startsWith("toolu_01");
        assertThat(block.path("name").stringValue()).isEqualTo("get_weather");
        assertThat(block.path("input").isEmpty()).isTrue();
        List<SseEvent> deltas = events.stream().filter(event -> event.event().equals("content_block_delta")).toList();
        assertThat(deltas).hasSizeGreaterThan(1).allSatisfy(delta -> assertThat(
                delta.data().path("delta").path("type").stringValue()).isEqualTo("input_json_delta"));
        String input = deltas.stream().map(delta -> delta.data().path("delta").path("partial_json").stringValue())
                .reduce("", String::concat);
        request.put("stream", false);
        JsonNode whole = json(http.postWithHeaders(PATH, request, HEADERS));
        assertThat(SimulatorHttp.JSON.readTree(input)).isEqualTo(whole.path("content").get(0).path("input"));
        assertThat(events.get(events.size() - 2).data().path("delta").path("stop_reason").stringValue())
                .isEqualTo("tool_use");
    }

    @Test
    void streamErrorAfterCutsTheStreamWithAnOverloadedErrorEvent() {
        simulator.resetStats();

        List<SseEvent> events = namedEvents(http.postWithHeaders(PATH,
                streaming("break [sim:stream_error_after=2]", 100), HEADERS).body());

        assertThat(events).extracting(SseEvent::event).containsExactly("message_start", "content_block_start", "ping",
                "content_block_delta", "content_block_delta", "error");
        assertThat(events.getLast().data().toString())
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        assertThat(simulator.stats().streamErrors()).isEqualTo(1);
        assertThat(simulator.stats().streamed()).isEqualTo(1);
        assertThat(simulator.stats().completed()).isZero();
    }

    @Test
    void maxTokensAndStopSequencesEndTheStreamWithTheirReason() {
        List<SseEvent> capped = namedEvents(http.postWithHeaders(PATH, streaming("long", 3), HEADERS).body());

        assertThat(capped).filteredOn(event -> event.event().equals("content_block_delta")).hasSize(3);
        assertThat(capped.get(capped.size() - 2).data().path("delta").path("stop_reason").stringValue())
                .isEqualTo("max_tokens");
    }

    @Test
    void pacedStreamsDeliverTheSameEvents() {
        try (ProviderSimulator paced = ProviderSimulator.start(SimulatorSettings.defaults()
                .withTimeToFirstToken(Duration.ofMillis(5)).withTokensPerSecond(2000))) {
            List<SseEvent> events = namedEvents(new SimulatorHttp(paced).postWithHeaders(PATH,
                    streaming("Tell me a story", 1024), HEADERS).body());

            assertThat(events).hasSize(3 + 16 + 3);
            assertThat(events.getLast().event()).isEqualTo("message_stop");
        }
    }

    private static ObjectNode streaming(String user, int maxTokens) {
        ObjectNode request = message("claude-sonnet-4-5", user, maxTokens);
        request.put("stream", true);
        return request;
    }
}
