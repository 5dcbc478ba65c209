package dev.llmpool.batch.lines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.batch.BatchError;
import dev.llmpool.core.batch.JsonLines;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InputCheckTest {

    private static final String ENDPOINT = "/v1/chat/completions";
    private static final JsonCodec CODEC = new JsonCodec();
    private final LineValidator validator = new LineValidator(CODEC, new EnvelopeReader(CODEC),
            Set.of("gpt-4o-mini")::contains, 10_000);

    private static String good(String customId) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"" + ENDPOINT + "\",\"body\":"
                + "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
    }

    private InputCheck.Result check(String file, int maxLines, int maxErrors) throws IOException {
        try (JsonLines lines = new JsonLines(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)),
                10_000)) {
            return new InputCheck(validator, maxLines, maxErrors).check(lines, ENDPOINT);
        }
    }

    @Test
    void aGoodFileCountsItsLines() throws IOException {
        InputCheck.Result result = check(good("a") + "\n" + good("b") + "\n", 10, 10);
        assertThat(result.valid()).isTrue();
        assertThat(result.lines()).isEqualTo(2);
    }

    @Test
    void aCustomIdUsedTwiceIsNamedAtItsSecondLine() throws IOException {
        InputCheck.Result result = check(good("a") + "\n" + good("b") + "\n" + good("a") + "\n", 10, 10);
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.code()).isEqualTo("duplicate_custom_id");
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.message()).contains("'a'");
        });
    }

    @Test
    void everyBadLineIsNamedUpToTheCapAndTheRestAreCounted() throws IOException {
        String file = IntStream.rangeClosed(1, 8).mapToObj(i -> i % 2 == 0 ? "{not json" : good("line-" + i))
                .collect(Collectors.joining("\n"));
        InputCheck.Result result = check(file, 100, 3);
        assertThat(result.errors()).extracting(BatchError::line).containsExactly(2, 4, 6, null);
        assertThat(result.errors().getLast().code()).isEqualTo("too_many_errors");
        assertThat(result.errors().getLast().message()).startsWith("1 more lines");
    }

    @Test
    void aFileOverTheLineLimitOrEmptyFails() throws IOException {
        assertThat(check(good("a") + "\n" + good("b") + "\n" + good("c"), 2, 10).errors())
                .extracting(BatchError::code).containsExactly("too_many_lines");
        assertThat(check("", 2, 10).errors()).extracting(BatchError::code).containsExactly("empty_file");
    }
}
