package dev.llmpool.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    void aFileWithoutAutoAliasesMeansAutoAsTheRouterDoes() {
        RouteAliases aliases = RouteAliases.parse("""
                routes:
                  quick: {aliases: [q1], tiers: [{model: a}]}
                """);

        assertThat(aliases.names()).containsExactlyInAnyOrder("auto", "q1");
        assertThat(RulesOutline.DEFAULT_AUTO_ALIASES).containsExactly("auto");
    }

    @Test
    void anEmptyAutoAliasesListMeansNoAutoAlias() {
        assertThat(RouteAliases.parse("auto_aliases: []\nroutes:\n  quick: {aliases: q1}\n").names())
                .containsExactly("q1");
    }

    @Test
    void aTopLevelTheRouterWouldRefuseIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> RouteAliases.parse("""
                auto_aliases: [auto]
                routes:
                  quick: {aliases: [auto], tiers: [{model: a}]}
                """))
                .isInstanceOf(RulesException.class)
                .hasMessage("routing rules line 3: alias 'auto' of route quick is already used by auto_aliases");
        assertThatThrownBy(() -> RouteAliases.parse("auto_aliases: {a: b}\nroutes: {q: {}}\n"))
                .isInstanceOf(RulesException.class).hasMessageContaining("line 1: auto_aliases must be a list");
        assertThatThrownBy(() -> RouteAliases.parse("rutes: {q: {}}\n"))
                .isInstanceOf(RulesException.class).hasMessageContaining("line 1: unknown key 'rutes'");
    }

    @Test
    void theShippedRulesNameAutoAndBalancedButLeaveTheCatalogsAliasesAlone() throws IOException {
        RouteAliases aliases = RouteAliases.parse(
                new ClassPathResource("llmpool/routes.yml").getContentAsString(StandardCharsets.UTF_8));

        assertThat(aliases.names()).contains("auto", "balanced").doesNotContain("fast", "smart", "gpt-4o-mini");
    }
}
