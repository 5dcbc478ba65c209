package dev.llmpool.batch.summarize.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.batch.summarize.Fixtures;
import dev.llmpool.core.tokens.TokenCounter;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static final TokenCounter COUNTER = new TokenCounter();
    private static final ToIntFunction<String> TOKENS = text -> COUNTER.count(text, "gpt-4o-mini");

    @ParameterizedTest
    @CsvSource({
            "moby-dick-chapters-1-20.txt, 500, 50",
            "moby-dick-chapters-1-20.txt, 2000, 200",
            "sotu-1946-truman.txt, 300, 40",
            "sotu-1946-truman.txt, 1000, 0",
            "sotu-1790-washington.txt, 120, 30"})
    void chunksOfARealTextStayWithinTheLimitAndCoverEveryCharacterWithBoundedOverlap(String file, int max,
                                                                                     int overlap) {
        String text = Fixtures.text(file);
        List<Chunk> chunks = new Chunker(TOKENS, max, overlap).chunks(text);

        assertThat(chunks).isNotEmpty();
        for (Chunk chunk : chunks) {
            assertThat(TOKENS.applyAsInt(chunk.of(text))).as("chunk %d", chunk.index()).isEqualTo(chunk.tokens())
                    .isLessThanOrEqualTo(max);
        }
        boolean[] covered = new boolean[text.length()];
        chunks.forEach(c -> java.util.Arrays.fill(covered, c.start(), c.end(), true));
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                assertThat(covered[i]).as("character %d (%s) is in a chunk", i, text.charAt(i)).isTrue();
            }
        }
        for (int i = 1; i < chunks.size(); i++) {
            Chunk before = chunks.get(i - 1);
            Chunk chunk = chunks.get(i);
            assertThat(chunk.index()).isEqualTo(i);
            assertThat(chunk.start()).isGreaterThan(before.start());
            if (overlap == 0) {
                assertThat(chunk.start()).isGreaterThanOrEqualTo(before.end());
            } else if (chunk.start() < before.end()) {
                assertThat(TOKENS.applyAsInt(text.substring(chunk.start(), before.end())))
                        .isLessThanOrEqualTo(overlap + 4);
            }
        }
        if (overlap > 0 && chunks.size() > 2) {
            assertThat(chunks.stream().skip(1).filter(c -> c.start() < chunks.get(c.index() - 1).end()).count())
                    .as("chunks that repeat the end of the one before").isGreaterThan(0);
        }
    }

    @Test
    void chunksOfTextWithoutParagraphsEndAtSentenceEndsUnlessTheSentenceIsLongerThanAChunk() {
        String text = Fixtures.text(Fixtures.TRUMAN_1946);
        List<Span> sentences = Sentences.of(text);
        Set<Integer> sentenceEnds = sentences.stream().map(Span::end).collect(Collectors.toSet());

        List<Chunk> chunks = new Chunker(TOKENS, 400, 40).chunks(text);

        assertThat(chunks).hasSizeGreaterThan(50);
        long atSentenceEnds = chunks.stream().filter(c -> sentenceEnds.contains(c.end())).count();
        assertThat(atSentenceEnds).isGreaterThan(chunks.size() * 9L / 10);
        for (Chunk chunk : chunks) {
            if (!sentenceEnds.contains(chunk.end())) {
                Span within = sentences.stream().filter(s -> s.start() < chunk.end() && chunk.end() < s.end())
                        .findFirst().orElseThrow();
                assertThat(TOKENS.applyAsInt(within.of(text))).as("a sentence cut by chunk %d", chunk.index())
                        .isGreaterThan(400);
            }
        }
    }

    @Test
    void aChunkEndsAtAParagraphEndWhenOneLiesInItsSecondHalf() {
        String paragraph1 = "A first paragraph starts. It has three sentences. This is the last one of them.";
        String paragraph2 = "Short one. Short two.";
        String text = paragraph1 + "\n\n" + paragraph2 + "\n\n" + paragraph1;
        int budget = TOKENS.applyAsInt(paragraph1 + "\n\n" + paragraph2) - 2;

        List<Chunk> chunks = new Chunker(TOKENS, budget, 0).chunks(text);

        assertThat(chunks.getFirst().of(text)).isEqualTo(paragraph1);
        assertThat(chunks.get(1).of(text)).startsWith("Short one.");
    }

    @Test
    void aSentenceLongerThanAChunkIsCutAtWhitespaceAndTextWithoutAnyIsCutAnywhere() {
        String words = "word ".repeat(3000).strip();
        String blob = "x".repeat(20_000);
        for (String text : List.of(words, blob, words + ". " + blob)) {
            List<Chunk> chunks = new Chunker(TOKENS, 100, 10).chunks(text);
            assertThat(chunks).allSatisfy(c -> assertThat(TOKENS.applyAsInt(c.of(text))).isLessThanOrEqualTo(100));
            assertThat(chunks.getFirst().start()).isZero();
            assertThat(chunks.getLast().end()).isEqualTo(text.length());
            for (int i = 1; i < chunks.size(); i++) {
                assertThat(chunks.get(i).start()).isLessThanOrEqualTo(chunks.get(i - 1).end() + 1);
            }
        }
    }

    @Test
    void aShortTextIsOneChunk() {
        String text = "  A short text. Only two sentences.  \n";
        List<Chunk> chunks = new Chunker(TOKENS, 100, 10).chunks(text);
        assertThat(chunks).hasSize(1);
        assertThat(chunks.getFirst().of(text)).isEqualTo("A short text. Only two sentences.");
    }

    @Test
    void anOverlapAsLargeAsAChunkIsRefused() {
        assertThatThrownBy(() -> new Chunker(TOKENS, 100, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
