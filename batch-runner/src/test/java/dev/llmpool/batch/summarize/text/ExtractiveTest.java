package dev.llmpool.batch.summarize.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.batch.summarize.Fixtures;
import dev.llmpool.core.tokens.TokenCounter;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class ExtractiveTest {

    private static final TokenCounter COUNTER = new TokenCounter();
    private static final ToIntFunction<String> TOKENS = text -> COUNTER.count(text, "gpt-4o-mini");
    private final Extractive extractive = new Extractive(TOKENS);

    @Test
    void theSentencesSharingTheMostWordsWithTheOthersAreChosenInTextOrder() {
        String text = "The whale swam under the old ship at sea. "
                + "My aunt bakes bread on Sundays. "
                + "The ship followed the whale across the sea. "
                + "At sea the old ship and the whale met again. "
                + "Stock prices fell sharply on Tuesday.";

        int threeWhaleSentences = TOKENS.applyAsInt("The whale swam under the old ship at sea.")
                + TOKENS.applyAsInt("The ship followed the whale across the sea.")
                + TOKENS.applyAsInt("At sea the old ship and the whale met again.") + 3;

        String summary = extractive.summarize(text, threeWhaleSentences);

        assertThat(summary).doesNotContain("aunt").doesNotContain("Stock");
        assertThat(summary).contains("The ship followed the whale across the sea.");
        assertThat(summary).startsWith("The whale swam");
    }

    @Test
    void aSummaryOfARealChapterStaysWithinItsBudgetAndIsTheSameEveryTime() {
        String text = Fixtures.text(Fixtures.MOBY_DICK).substring(0, 20_000);

        String summary = extractive.summarize(text, 200);

        assertThat(TOKENS.applyAsInt(summary)).isBetween(100, 200);
        assertThat(extractive.summarize(text, 200)).isEqualTo(summary);
        for (String sentence : summary.split("(?<=[.!?])\\s+")) {
            assertThat(text).contains(sentence.strip());
        }
    }

    @Test
    void anEmptyTextHasAnEmptySummary() {
        assertThat(extractive.summarize("   ", 100)).isEmpty();
    }
}
