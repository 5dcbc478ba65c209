package dev.llmpool.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

    private static List<JsonLines.Line> read(String text, long max) throws IOException {
        List<JsonLines.Line> lines = new ArrayList<>();
        try (JsonLines reader = new JsonLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max)) {
            for (JsonLines.Line line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String text(JsonLines.Line line) {
        return new String(line.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void linesAreNumberedFromOneAndTheTrailingNewlineMakesNoExtraLine() throws IOException {
        List<JsonLines.Line> lines = read("{\"a\":1}\n{\"b\":2}\n", 100);
        assertThat(lines).extracting(JsonLines.Line::number).containsExactly(1L, 2L);
        assertThat(lines).extracting(JsonLinesTest::text).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void aLastLineWithoutNewlineCountsAndCarriageReturnsAreDropped() throws IOException {
        List<JsonLines.Line> lines = read("{\"a\":1}\r\n\n{\"b\":2}", 100);
        assertThat(lines).extracting(JsonLinesTest::text).containsExactly("{\"a\":1}", "", "{\"b\":2}");
        assertThat(lines.get(1).blank()).isTrue();
    }

    @Test
    void aLineOverTheLimitIsReportedWithItsNumberAndTheNextLineIsReadWhole() throws IOException {
        List<JsonLines.Line> lines = read("{\"a\":1}\n" + "x".repeat(300) + "\n{\"c\":3}\n", 100);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).tooLong()).isTrue();
        assertThat(lines.get(1).number()).isEqualTo(2);
        assertThat(text(lines.get(2))).isEqualTo("{\"c\":3}");
    }

    @Test
    void aLineLongerThanTheReadBufferIsReadWhole() throws IOException {
        String big = "{\"x\":\"" + "y".repeat(200_000) + "\"}";
        List<JsonLines.Line> lines = read(big + "\n{}", 1_000_000);
        assertThat(lines).extracting(JsonLinesTest::text).containsExactly(big, "{}");
    }

    @Test
    void anEmptyStreamHasNoLines() throws IOException {
        assertThat(read("", 100)).isEmpty();
    }
}
