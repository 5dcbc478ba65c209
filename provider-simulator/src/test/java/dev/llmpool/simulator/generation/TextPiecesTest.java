package dev.llmpool.simulator.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextPiecesTest {

    @Test
    void splitsWordsWithTheirLeadingSpace() {
        assertThat(TextPieces.split("Hello big world")).containsExactly("Hello", " big", " world");
    }

    @Test
    void splitsJsonIntoSmallPieces() {
        assertThat(TextPieces.split("{\"city\":\"Paris\"}")).containsExactly("{\"", "city", "\":\"", "Paris", "\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a", "  lead and trail  ", "x!!!!!!y", "emoji 😀😀 ok", "tabs\tand\nlines",
            "{\"a\": [1, 2.5, true]}"})
    void piecesJoinBackToTheText(String text) {
        List<String> pieces = TextPieces.split(text);

        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).allSatisfy(piece -> assertThat(piece).isNotEmpty());
    }

    @Test
    void promptTokensCountCharactersPerFourPlusOverhead() {
        assertThat(PromptTokens.estimate(List.of())).isEqualTo(3);
        assertThat(PromptTokens.estimate(List.of(new PromptMessage("user", "")))).isEqualTo(6);
        assertThat(PromptTokens.estimate(List.of(new PromptMessage("user", "12345")))).isEqualTo(8);
        assertThat(PromptTokens.estimate(List.of(new PromptMessage("system", "1234"), new PromptMessage("user", "1"))))
                .isEqualTo(3 + 4 + 4);
    }

    @Test
    void seedsAreStableAndSensitive() {
        List<PromptMessage> messages = List.of(new PromptMessage("user", "hi"));

        assertThat(Seeds.of("m", messages, 0)).isEqualTo(Seeds.of("m", messages, 0));
        assertThat(Seeds.of("m", messages, 0)).isNotEqualTo(Seeds.of("m", messages, 1));
        assertThat(Seeds.of("m", messages, 0))
                .isNotEqualTo(Seeds.of("m", List.of(new PromptMessage("assistant", "hi")), 0));
    }
}
