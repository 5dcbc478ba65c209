package dev.llmpool.router.machine;

import static dev.llmpool.router.machine.Jobs.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FallbackPlannerTest {

    private final FallbackPlanner planner = new FallbackPlanner();

    private static CatalogModel model(String id) {
        return CATALOG.resolve(id).orElseThrow();
    }

    @Test
    void theLadderIsBreadthFirstWithoutRepeatsOrTheOriginItself() {
        assertThat(planner.ladder(model("alpha"), CATALOG)).extracting(CatalogModel::id)
                .containsExactly("beta", "gamma", "delta");
        assertThat(planner.ladder(model("delta"), CATALOG)).extracting(CatalogModel::id)
                .containsExactly("alpha", "beta", "gamma");
        assertThat(planner.ladder(model("gamma"), CATALOG)).isEmpty();
    }

    @Test
    void theNextCandidateIsTheFirstUntriedOneThatCanHelp() {
        assertThat(planner.next(model("alpha"), model("alpha"), ErrorClass.TRANSIENT, Set.of("alpha", "beta"),
                Set.of(), CATALOG)).map(CatalogModel::id).contains("gamma");
        assertThat(planner.next(model("alpha"), model("beta"), ErrorClass.CONTEXT_WINDOW_EXCEEDED,
                Set.of("alpha", "beta"), Set.of(), CATALOG)).map(CatalogModel::id).contains("delta");
        assertThat(planner.next(model("alpha"), model("alpha"), ErrorClass.TRANSIENT,
                Set.of("alpha", "beta", "gamma", "delta"), Set.of(), CATALOG)).isEmpty();
    }

    @Test
    void aProviderWhoseAccountFailedIsSkipped() {
        assertThat(planner.next(model("alpha"), model("alpha"), ErrorClass.TRANSIENT, Set.of("alpha"), Set.of("p1"),
                CATALOG)).map(CatalogModel::id).contains("gamma");
    }
}
