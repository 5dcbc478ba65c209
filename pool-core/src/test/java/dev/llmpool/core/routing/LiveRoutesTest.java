package dev.llmpool.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveRoutesTest {

    private static final String ONE = "auto_aliases: [auto]\nroutes:\n  balanced:\n    aliases: [balanced]\n";
    private static final String TWO = ONE + "  fast:\n    aliases: [fast]\n";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LiveRoutes routes = new LiveRoutes(ONE, "routes.yml", meters);

    private double reloads(String outcome) {
        return meters.get("llmpool.routing.reloads").tag("outcome", outcome).counter().count();
    }

    @Test
    void aNewVersionEveryListenerPreparedReplacesTheAliasesAndIsApplied() {
        List<String> applied = new ArrayList<>();
        routes.listen(rules -> () -> applied.add(rules.source()));

        assertThat(routes.offer(TWO, "v2.yml")).isEmpty();

        assertThat(routes.aliases().names()).containsExactlyInAnyOrder("auto", "balanced", "fast");
        assertThat(routes.current().source()).isEqualTo("v2.yml");
        assertThat(applied).containsExactly("v2.yml");
        assertThat(reloads("applied")).isEqualTo(1);
        assertThat(reloads("refused")).isZero();
    }

    @Test
    void aVersionOneListenerRefusesChangesNothingAnywhereAndSaysWhy() {
        List<String> applied = new ArrayList<>();
        routes.listen(rules -> () -> applied.add("first " + rules.source()));
        routes.listen(rules -> {
            throw new IllegalArgumentException(rules.source() + " line 4: model 'gpt-5' is not in the catalog");
        });

        assertThat(routes.offer(TWO, "v2.yml")).hasValue(
                "v2.yml line 4: model 'gpt-5' is not in the catalog; keeping the rules from routes.yml");

        assertThat(routes.aliases().names()).containsExactlyInAnyOrder("auto", "balanced");
        assertThat(applied).as("no listener applies a refused version").isEmpty();
        assertThat(reloads("refused")).isEqualTo(1);
        assertThat(reloads("applied")).isZero();
    }

    @Test
    void yamlThatDoesNotReadIsRefused() {
        assertThat(routes.offer("routes: [unclosed", "v2.yml")).hasValueSatisfying(problem ->
                assertThat(problem).endsWith("keeping the rules from routes.yml"));
        assertThat(routes.current().text()).isEqualTo(ONE);
    }

    @Test
    void aTopLevelTheRouterWouldRefuseIsRefusedBeforeAnyListenerSeesIt() {
        List<String> prepared = new ArrayList<>();
        routes.listen(rules -> {
            prepared.add(rules.source());
            return () -> { };
        });

        assertThat(routes.offer(ONE + "  fast:\n    aliases: [balanced]\n", "v2.yml")).hasValue(
                "v2.yml line 6: alias 'balanced' of route fast is already used by route balanced; keeping the rules "
                        + "from routes.yml");

        assertThat(prepared).isEmpty();
        assertThat(routes.aliases().names()).containsExactlyInAnyOrder("auto", "balanced");
    }

    @Test
    void aFileWithoutAutoAliasesStillAcceptsAuto() {
        LiveRoutes noAuto = new LiveRoutes("routes:\n  balanced:\n    aliases: [balanced]\n", "routes.yml", meters);

        assertThat(noAuto.aliases().names()).containsExactlyInAnyOrder("auto", "balanced");
    }
}
