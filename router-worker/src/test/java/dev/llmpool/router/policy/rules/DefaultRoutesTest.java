package dev.llmpool.router.policy.rules;

import static dev.llmpool.router.policy.PolicyFixtures.body;
import static dev.llmpool.router.policy.PolicyFixtures.features;
import static dev.llmpool.router.policy.PolicyFixtures.userSays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.catalog.ModelCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** The shipped {@code llmpool/routes.yml} is valid against the shipped catalog and routes as its comments say. */
class DefaultRoutesTest {

    private final ModelCatalog catalog = new CatalogLoader().load(new ClassPathResource("llmpool/catalog.yml"));
    private final RoutingRules rules;

    DefaultRoutesTest() throws IOException {
        rules = new RulesParser(catalog).parse(new ClassPathResource("llmpool/routes.yml")
                .getContentAsString(StandardCharsets.UTF_8), "llmpool/routes.yml");
    }

    private String route(String model, String text, Map<String, String> metadata) {
        var selection = new RouteSelector().select(features(userSays(model, text), metadata, rules), rules, catalog);
        return ((RouteSelection.Planned) selection).plan().route();
    }

    @Test
    void routesByAliasRuleAndDefault() {
        assertThat(route("fast", "hi", Map.of())).as("the catalog's alias stays a pin").isEqualTo(RouteSelector.PINNED);
        assertThat(route("smart", "hi", Map.of())).isEqualTo(RouteSelector.PINNED);
        assertThat(route("balanced", "hi", Map.of())).isEqualTo("balanced");
        assertThat(route("auto", "hi", Map.of())).isEqualTo("balanced");
        assertThat(route("auto", "summarize this", Map.of("task", "summarize"))).isEqualTo("balanced");
        assertThat(route("auto", "review this", Map.of("task", "review"))).isEqualTo("code");
        assertThat(route("gpt-4o-mini", "hi", Map.of())).isEqualTo(RouteSelector.PINNED);
        var json = new RouteSelector().select(features(body("{\"model\":\"auto\",\"response_format\":{\"type\":"
                + "\"json_object\"},\"messages\":[]}"), Map.of(), rules), rules, catalog);
        assertThat(((RouteSelection.Planned) json).plan().route()).isEqualTo("structured");
    }
}
