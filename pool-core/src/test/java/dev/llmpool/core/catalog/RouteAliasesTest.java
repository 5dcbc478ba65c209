package dev.llmpool.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

class RouteAliasesTest {

    @Test
    void collectsTheAutoAliasesAndEveryRoutesAliases() {
        RouteAliases aliases = RouteAliases.parse("""
                auto_aliases: [auto, router]
                routes:
                  quick: {aliases: [q1, q2], tiers: [{model: a}]}
                  single: {aliases: solo, tiers: [{model: b}]}
                  plain: {tiers: [{model: c}]}
                """);

        assertThat(aliases.names()).containsExactlyInAnyOrder("auto", "router", "q1", "q2", "solo");
        assertThat(aliases.contains("plain")).as("a route's name is not an alias").isFalse();
        assertThat(aliases.contains(null)).isFalse();
    }

    @Test
    void theShippedRulesNameAutoAndBalancedButLeaveTheCatalogsAliasesAlone() {
        RouteAliases aliases = RouteAliases.load(new ClassPathResource("llmpool/routes.yml"));

        assertThat(aliases.names()).contains("auto", "balanced").doesNotContain("fast", "smart", "gpt-4o-mini");
    }
}
