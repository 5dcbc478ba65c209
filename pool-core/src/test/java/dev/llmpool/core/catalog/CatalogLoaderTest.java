package dev.llmpool.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.openai.Usage;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

class CatalogLoaderTest {

    private final CatalogLoader loader = new CatalogLoader();

    @Test
    void theShippedCatalogResolvesIdsAndAliases() {
        ModelCatalog catalog = loader.load(new ClassPathResource("llmpool/catalog.yml"));
        assertThat(catalog.resolve("fast")).get().extracting(CatalogModel::id).isEqualTo("gpt-4o-mini");
        assertThat(catalog.resolve("gpt-4o")).get().extracting(CatalogModel::provider).isEqualTo("openai");
        assertThat(catalog.resolve("nope")).isEmpty();
        assertThat(catalog.providers()).contains("openai", "local");
    }

    @Test
    void aModelsCompletionLimitIsItsMaxOutputTokensElseItsContextWindow() {
        ModelCatalog catalog = loader.parse("""
                models:
                  - {id: capped, provider: p, context_window: 128000, max_output_tokens: 16384}
                  - {id: window, provider: p, context_window: 8192}
                """);
        assertThat(catalog.resolve("capped").orElseThrow().completionLimit()).isEqualTo(16384);
        assertThat(catalog.resolve("window").orElseThrow().maxOutputTokens()).isNull();
        assertThat(catalog.resolve("window").orElseThrow().completionLimit()).isEqualTo(8192);
        assertThat(loader.load(new ClassPathResource("llmpool/catalog.yml")).resolve("gpt-4o-mini").orElseThrow()
                .maxOutputTokens()).isEqualTo(16384);
        assertThatThrownBy(() -> loader.parse("models: [{id: z, provider: p, context_window: 10, max_output_tokens: 0},"
                + " {id: y, provider: p, context_window: 10, max_output_tokens: 11}]"))
                .hasMessageContaining("model z: max_output_tokens must be positive and at most context_window")
                .hasMessageContaining("model y: max_output_tokens");
    }

    @Test
    void embeddingModelsSayTheirKindAndDimensionsAndFallOnlyToEmbeddingModels() {
        ModelCatalog shipped = loader.load(new ClassPathResource("llmpool/catalog.yml"));
        CatalogModel small = shipped.resolve("text-embedding-3-small").orElseThrow();
        assertThat(small.embeds()).isTrue();
        assertThat(small.dimensions()).isEqualTo(1536);
        assertThat(shipped.resolve("gpt-4o-mini").orElseThrow().kind()).isEqualTo(ModelKind.CHAT);
        assertThat(shipped.resolve("gemini-embedding-001").orElseThrow().provider()).isEqualTo("gemini");

        assertThatThrownBy(() -> loader.parse("""
                models:
                  - {id: e, kind: embedding, provider: p, context_window: 10, fallbacks: [c]}
                  - {id: c, provider: p, context_window: 10, dimensions: 8}
                """))
                .hasMessageContaining("model e: fallback 'c' is not a embedding model")
                .hasMessageContaining("model c: dimensions must be positive, and only an embedding model has them");
        assertThatThrownBy(() -> loader.parse("models: [{id: e, kind: vector, provider: p, context_window: 10}]"))
                .hasMessageContaining("kind 'vector' is not chat or embedding");
    }

    @Test
    void pricesArePerMillionTokens() {
        Price price = new Price(0.15, 0.60);
        assertThat(price.cost(Usage.of(1_000_000, 1_000_000))).isEqualTo(0.75);
    }

    @Test
    void aNameUsedTwiceOrAnUnknownFallbackIsRefusedWithTheReason() {
        assertThatThrownBy(() -> loader.parse("""
                models:
                  - {id: a, provider: p, context_window: 10, aliases: [x]}
                  - {id: b, provider: p, context_window: 10, aliases: [x], fallbacks: [zzz]}
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x' is used by both a and b")
                .hasMessageContaining("fallback 'zzz'");
    }

    @Test
    void aCatalogWithoutModelsIsRefused() {
        assertThatThrownBy(() -> loader.parse("providers: {}")).hasMessageContaining("no 'models'");
    }
}
