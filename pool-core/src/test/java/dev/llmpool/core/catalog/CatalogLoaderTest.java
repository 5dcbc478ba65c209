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
