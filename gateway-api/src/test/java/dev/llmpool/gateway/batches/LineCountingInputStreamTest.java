package dev.llmpool.gateway.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineCountingInputStreamTest {

    private static LineCountingInputStream stream(String text, long max) {
        return new LineCountingInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    @Test
    void linesAreCountedWithOrWithoutAFinalNewline() throws IOException {
        LineCountingInputStream withNewline = stream("a\nb\n", 2);
        withNewline.readAllBytes();
        assertThat(withNewline.lines()).isEqualTo(2);
        LineCountingInputStream without = stream("a\nb", 2);
        without.readAllBytes();
        assertThat(without.lines()).isEqualTo(2);
    }

    @Test
    void oneLineTooManyFailsTheStreamWhetherItEndsWithANewlineOrNot() {
        assertThatThrownBy(() -> stream("a\nb\nc\n", 2).readAllBytes())
                .isInstanceOf(LineCountingInputStream.TooManyLinesException.class);
        assertThatThrownBy(() -> stream("a\nb\nc", 2).readAllBytes())
                .isInstanceOf(LineCountingInputStream.TooManyLinesException.class);
    }
}
