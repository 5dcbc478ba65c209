package dev.llmpool.router.policy.rules;

import static dev.llmpool.router.policy.PolicyFixtures.CATALOG;
import static dev.llmpool.router.policy.PolicyFixtures.RULES;
import static dev.llmpool.router.policy.PolicyFixtures.body;
import static dev.llmpool.router.policy.PolicyFixtures.features;
import static dev.llmpool.router.policy.PolicyFixtures.userSays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.router.policy.features.Features;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteSelectorTest {

    private final RouteSelector selector = new RouteSelector();

    private RoutePlan plan(Features features) {
        RouteSelection selection = selector.select(features, RULES, CATALOG);
        assertThat(selection).isInstanceOf(RouteSelection.Planned.class);
        return ((RouteSelection.Planned) selection).plan();
    }

    @Test
    void theFirstMatchingRuleWins() {
        Features jsonAndSummary = features(body("{\"model\":\"auto\",\"response_format\":{\"type\":\"json_object\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), Map.of("task", "summarize"));
        RoutePlan plan = plan(jsonAndSummary);
        assertThat(plan.route()).isEqualTo("extract");
        assertThat(plan.matchedBy()).isEqualTo("rule json-output");
        assertThat(plan(features(userSays("auto", "hi"), Map.of("task", "summarize"))).matchedBy())
                .isEqualTo("rule summaries");
        assertThat(plan(features(userSays("auto", "hi"), Map.of("kind", "documents"))).route())
                .isEqualTo("summarize");
        assertThat(plan(features(userSays("auto", "```\nx = f(y);\n```"), Map.of())).route()).isEqualTo("code");
    }

    @Test
    void noMatchTakesTheDefaultRoute() {
        RoutePlan plan = plan(features(userSays("auto", "What is the capital of France?"), Map.of("task", "chat")));
        assertThat(plan.route()).isEqualTo("qa");
        assertThat(plan.matchedBy()).isEqualTo("default");
        assertThat(plan.tiers()).extracting(t -> t.model().id()).containsExactly("gpt-4o-mini", "gpt-4o");
        assertThat(plan.tiers()).extracting(PlannedTier::maxTokens).containsExactly(256, 512);
        assertThat(plan.pinned()).isFalse();
    }

    @Test
    void aRouteAliasNamesItsRouteWithoutTheRules() {
        RoutePlan plan = plan(features(userSays("qa", "```\ncode();\n```"), Map.of("task", "summarize")));
        assertThat(plan.route()).isEqualTo("qa");
        assertThat(plan.matchedBy()).isEqualTo("alias qa");
    }

    @Test
    void aPinBypassesTheRulesWithOneTier() {
        RoutePlan plan = plan(features(userSays("gpt-4o", "hi"), Map.of("task", "summarize")));
        assertThat(plan.pinned()).isTrue();
        assertThat(plan.route()).isEqualTo(RouteSelector.PINNED);
        assertThat(plan.matchedBy()).isEqualTo("pin");
        assertThat(plan.tiers()).singleElement().satisfies(t -> assertThat(t.model().id()).isEqualTo("gpt-4o"));
        assertThat(plan.maxEscalations()).isZero();
    }

    @Test
    void anUnknownModelIsUnroutable() {
        RouteSelection selection = selector.select(features(userSays("gpt-9", "hi"), Map.of()), RULES, CATALOG);
        assertThat(selection).isInstanceOfSatisfying(RouteSelection.Unroutable.class, u -> {
            assertThat(u.modelNotFound()).isTrue();
            assertThat(u.message()).contains("gpt-9");
        });
    }

    @Test
    void aTierWhoseContextWindowCannotHoldThePromptIsSkipped() {
        String longText = "The committee met and talked at length about many things. ".repeat(120);
        RoutePlan plan = plan(features(userSays("auto", longText), Map.of("task", "summarize")));
        assertThat(plan.tiers()).extracting(t -> t.model().id()).containsExactly("gpt-4o");
        assertThat(plan.skipped()).singleElement().satisfies(s -> {
            assertThat(s.model()).isEqualTo("local-small");
            assertThat(s.reason()).startsWith("context window 1024 < ");
        });
        assertThat(plan.tiers().getFirst().index()).isEqualTo(1);
        assertThat(plan.maxEscalations()).isZero();
    }

    @Test
    void theCompletionCapCountsTowardsTheContextWindow() {
        String text = "Summarize: " + "word ".repeat(900);
        int prompt = features(userSays("auto", text), Map.of("task", "summarize")).promptTokens();
        int fits = 1024 - prompt;
        assertThat(fits).isBetween(1, 159);
        RoutePlan exact = plan(features(withCap(text, fits), Map.of("task", "summarize")));
        assertThat(exact.tiers()).extracting(t -> t.model().id()).containsExactly("local-small", "gpt-4o");
        RoutePlan over = plan(features(withCap(text, fits + 1), Map.of("task", "summarize")));
        assertThat(over.tiers()).extracting(t -> t.model().id()).containsExactly("gpt-4o");
    }

    @Test
    void theTiersCapIsACeilingOnTheRequests() {
        RoutePlan plan = plan(features(withCap("Summarize: the meeting moved.", 1000), Map.of("task", "summarize")));
        assertThat(plan.tiers()).extracting(PlannedTier::maxTokens).containsExactly(160, 400);
        RoutePlan small = plan(features(withCap("Summarize: the meeting moved.", 100), Map.of("task", "summarize")));
        assertThat(small.tiers()).extracting(PlannedTier::maxTokens).containsExactly(100, 100);
    }

    private static dev.llmpool.schemas.openai.ChatCompletionRequest withCap(String text, int maxTokens) {
        return body("{\"model\":\"auto\",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + text + "\"}]}");
    }

    @Test
    void whenNoTierFitsTheRequestIsUnroutable() {
        var catalog = new dev.llmpool.core.catalog.CatalogLoader().parse("""
                models:
                  - {id: small, provider: p, context_window: 100}
                  - {id: bigger, provider: p, context_window: 200}
                """);
        RoutingRules rules = new RulesParser(catalog).parse("""
                default_route: r
                routes:
                  r:
                    tiers: [{model: small}, {model: bigger}]
                """, "t");
        String text = "word ".repeat(300);
        RouteSelection selection = selector.select(features(userSays("auto", text), Map.of(), rules), rules, catalog);
        assertThat(selection).isInstanceOfSatisfying(RouteSelection.Unroutable.class, u -> {
            assertThat(u.modelNotFound()).isFalse();
            assertThat(u.message()).startsWith("No tier of route r can hold").contains("small: context window 100")
                    .contains("bigger: context window 200");
        });
    }
}
