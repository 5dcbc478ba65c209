package dev.llmpool.router.policy.rules;

import static dev.llmpool.router.policy.PolicyFixtures.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.routing.LiveRoutes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The gateway ({@link LiveRoutes}' route aliases) and the router ({@link RoutingRules}) accept the same names. */
class RouteNamesFromRulesTest {

    /** No {@code auto_aliases}: both must take the default. */
    private static final String WITHOUT_AUTO_ALIASES = """
            default_route: balanced
            routes:
              fast:
                tiers: [{model: gpt-4o-mini}]
              balanced:
                aliases: [balanced, cheap-first]
                tiers: [{model: gpt-4o-mini}, {model: gpt-4o}]
            """;

    private static final String RELOADED = """
            default_route: smart
            routes:
              smart:
                aliases: smart
                tiers: [{model: gpt-4o}]
            """;

    private static Set<String> candidates(String... more) {
        Set<String> names = new TreeSet<>(Set.of("auto", "router", "fast", "balanced", "cheap-first", "smart",
                "nowhere", ""));
        CATALOG.models().stream().map(CatalogModel::id).forEach(names::add);
        names.addAll(Set.of(more));
        return names;
    }

    private static Set<String> acceptedByTheRouter(RoutingRules rules, Set<String> candidates) {
        return candidates.stream().filter(rules::isRoute).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> acceptedByTheGateway(LiveRoutes routes, Set<String> candidates) {
        return candidates.stream().filter(routes.aliases()::contains).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aFileWithoutAutoAliasesGivesTheGatewayAndTheRouterTheSameNamesAutoAmongThem() {
        LiveRoutes routes = new LiveRoutes(WITHOUT_AUTO_ALIASES, "routes.yml", new SimpleMeterRegistry());
        RulesHolder router = new RulesHolder(routes.current().text(), routes.current().source(), CATALOG);
        Set<String> candidates = candidates();

        assertThat(acceptedByTheGateway(routes, candidates))
                .isEqualTo(acceptedByTheRouter(router.rules(), candidates))
                .containsExactlyInAnyOrder("auto", "balanced", "cheap-first");
        assertThat(routes.aliases().names()).as("every name the gateway accepts")
                .allMatch(router.rules()::isRoute);
    }

    @Test
    void afterAReloadWithoutAutoAliasesBothStillAgree() {
        LiveRoutes routes = new LiveRoutes(WITHOUT_AUTO_ALIASES.replace("default_route", "auto_aliases: [router]\n"
                + "default_route"), "routes.yml", new SimpleMeterRegistry());
        RulesHolder router = new RulesHolder(routes.current().text(), routes.current().source(), CATALOG);
        routes.listen(router);
        Set<String> candidates = candidates();
        assertThat(acceptedByTheGateway(routes, candidates)).isEqualTo(acceptedByTheRouter(router.rules(), candidates))
                .containsExactlyInAnyOrder("router", "balanced", "cheap-first");

        assertThat(routes.offer(RELOADED, "v2.yml")).isEmpty();

        assertThat(acceptedByTheGateway(routes, candidates)).isEqualTo(acceptedByTheRouter(router.rules(), candidates))
                .containsExactlyInAnyOrder("auto", "smart");
    }
}
