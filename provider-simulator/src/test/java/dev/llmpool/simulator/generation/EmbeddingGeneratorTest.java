package dev.llmpool.simulator.generation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbeddingGeneratorTest {

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void theSameTextGivesTheSameUnitVector() {
        float[] first = EmbeddingGenerator.embed("The river flows to the sea", 256);
        float[] again = EmbeddingGenerator.embed("The river flows to the sea", 256);
        assertThat(again).containsExactly(first);
        assertThat(cosine(first, first)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        float[] river = EmbeddingGenerator.embed("The river flows to the sea", 256);
        float[] similar = EmbeddingGenerator.embed("the river flowed into the sea", 256);
        float[] unrelated = EmbeddingGenerator.embed("Quarterly invoices are due on Monday", 256);
        assertThat(cosine(river, similar)).isGreaterThan(0.6);
        assertThat(cosine(river, unrelated)).isLessThan(0.3);
    }

    @Test
    void eachModelHasItsDefaultLengthAndAnEmptyTextStillHasAUnitVector() {
        assertThat(EmbeddingGenerator.defaultDimensions("text-embedding-3-small")).isEqualTo(1536);
        assertThat(EmbeddingGenerator.defaultDimensions("text-embedding-3-large")).isEqualTo(3072);
        assertThat(EmbeddingGenerator.defaultDimensions("gemini-embedding-001")).isEqualTo(3072);
        assertThat(EmbeddingGenerator.defaultDimensions("nomic-embed-text")).isEqualTo(768);
        assertThat(EmbeddingGenerator.embed("", 4)).hasSize(4);
    }
}
