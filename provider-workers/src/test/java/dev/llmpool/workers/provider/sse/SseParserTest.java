package dev.llmpool.workers.provider.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    @Test
    void aBlankLineDispatchesTheDataBeforeIt() {
        assertThat(parse("data: {\"a\":1}\n\ndata: [DONE]\n\n"))
                .containsExactly(new SseEvent(null, "{\"a\":1}"), new SseEvent(null, "[DONE]"));
    }

    @Test
    void commentsAndStrayBlankLinesAreSkipped() {
        assertThat(parse(": OPENROUTER PROCESSING\n\n\n: keep-alive\ndata: x\n\n"))
                .containsExactly(new SseEvent(null, "x"));
    }

    @Test
    void dataLinesOfOneEventAreJoinedWithNewlines() {
        assertThat(parse("data: first\ndata:second\ndata:  third\n\n"))
                .containsExactly(new SseEvent(null, "first\nsecond\n third"));
    }

    @Test
    void eventNamesAreKeptAndIdAndRetryIgnored() {
        assertThat(parse("event: content_block_delta\nid: 7\nretry: 100\ndata: {}\n\nevent: ping\n\ndata: y\n\n"))
                .containsExactly(new SseEvent("content_block_delta", "{}"), new SseEvent(null, "y"));
    }

    @Test
    void crlfLineEndingsWork() {
        assertThat(parse("data: a\r\n\r\ndata: b\r\n\r\n"))
                .containsExactly(new SseEvent(null, "a"), new SseEvent(null, "b"));
    }

    @Test
    void aLastEventWithoutItsBlankLineIsDispatchedAtTheEnd() {
        assertThat(parse("data: a\n\ndata: tail")).containsExactly(new SseEvent(null, "a"), new SseEvent(null, "tail"));
    }

    @Test
    void anEmptyDataFieldStillDispatches() {
        assertThat(parse("data\n\n")).containsExactly(new SseEvent(null, ""));
    }

    private static List<SseEvent> parse(String body) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new StringReader(body))) {
            String line;
            while ((line = reader.readLine()) != null) {
                SseEvent event = parser.line(line);
                if (event != null) {
                    events.add(event);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        SseEvent last = parser.end();
        if (last != null) {
            events.add(last);
        }
        return events;
    }
}
