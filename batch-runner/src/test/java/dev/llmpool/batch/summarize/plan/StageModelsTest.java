package dev.llmpool.batch.summarize.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.batch.summarize.Fixtures;
import dev.llmpool.core.catalog.CatalogModel;
import org.junit.jupiter.api.Test;

class StageModelsTest {

    private final StageModels models = new StageModels(Fixtures.catalog(), Fixtures.rules());

    @Test
    void aCatalogAliasIsAPinOnItsModel() {
        StageModel fast = models.resolve("fast");
        assertThat(fast.kind()).isEqualTo("model");
        assertThat(fast.expected().id()).isEqualTo("gpt-4o-mini");
        assertThat(fast.contextWindow()).isEqualTo(128_000);
        assertThat(fast.completionLimit()).isEqualTo(16_384);
    }

    @Test
    void aRouteAliasReachesEveryTierOfItsRoute() {
        StageModel balanced = models.resolve("balanced");
        assertThat(balanced.kind()).isEqualTo("route");
        assertThat(balanced.ladder()).extracting(CatalogModel::id).containsExactly("gpt-4o-mini", "gpt-4o");
        assertThat(balanced.expected().id()).isEqualTo("gpt-4o-mini");
        assertThat(balanced.cheapest().id()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void autoMayReachEveryRoutesTiersAndExpectsTheDefaultRoutesFirst() {
        StageModel auto = models.resolve("auto");
        assertThat(auto.kind()).isEqualTo("auto");
        assertThat(auto.candidates()).extracting(CatalogModel::id)
                .containsExactlyInAnyOrder("gpt-4o-mini", "gpt-4o", "gpt-4.1-nano");
        assertThat(auto.expected().id()).isEqualTo("gpt-4o-mini");
        assertThat(auto.contextWindow()).isEqualTo(128_000);
    }

    @Test
    void aNameThatIsNeitherAModelNorARouteIsRefused() {
        assertThatThrownBy(() -> models.resolve("gpt-99")).hasMessageContaining("gpt-99");
    }
}
