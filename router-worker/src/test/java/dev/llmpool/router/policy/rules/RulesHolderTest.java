package dev.llmpool.router.policy.rules;

import static dev.llmpool.router.policy.PolicyFixtures.CATALOG;
import static dev.llmpool.router.policy.PolicyFixtures.RULES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.routing.RulesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesHolderTest {

    private static final String GOOD = """
            default_route: only
            routes:
              only:
                tiers: [{model: gpt-4o}]
            """;

    @Test
    void aGoodFileReplacesTheRules(@TempDir Path dir) throws IOException {
        RulesHolder holder = new RulesHolder(RULES, CATALOG);
        Path file = dir.resolve("routes.yml");
        Files.writeString(file, GOOD);
        assertThat(holder.reload(file)).isEmpty();
        assertThat(holder.rules().routes()).containsOnlyKeys("only");
        assertThat(holder.rules().source()).isEqualTo(file.toString());
    }

    @Test
    void aBadFileIsRefusedNamingTheLineAndTheOldRulesStay(@TempDir Path dir) throws IOException {
        RulesHolder holder = new RulesHolder(RULES, CATALOG);
        Path file = dir.resolve("routes.yml");
        Files.writeString(file, GOOD.replace("gpt-4o", "gpt-5"));
        assertThat(holder.reload(file)).hasValueSatisfying(message -> assertThat(message)
                .startsWith(file + " line 4: model 'gpt-5' is not in the catalog")
                .endsWith("keeping the rules from rules.yml"));
        assertThat(holder.rules()).isSameAs(RULES);
    }

    @Test
    void anUnreadableFileKeepsTheOldRules(@TempDir Path dir) {
        RulesHolder holder = new RulesHolder(RULES, CATALOG);
        assertThat(holder.reload(dir.resolve("missing.yml"))).hasValueSatisfying(message ->
                assertThat(message).contains("cannot be read"));
        assertThat(holder.rules()).isSameAs(RULES);
    }

    @Test
    void aPreparedVersionIsOnlyInForceOnceAppliedAndEarlierVersionsStayFindable() {
        RulesHolder holder = new RulesHolder(RULES, CATALOG);
        String first = holder.current().id();

        Runnable apply = holder.prepare(GOOD, "v2.yml");
        assertThat(holder.rules()).isSameAs(RULES);
        apply.run();

        assertThat(holder.current().id()).isEqualTo(RulesVersion.idOf(GOOD));
        assertThat(holder.version(first)).hasValueSatisfying(v -> assertThat(v.rules()).isSameAs(RULES));
    }

    @Test
    void aBadVersionIsRefusedByPrepareNamingTheLine() {
        RulesHolder holder = new RulesHolder(RULES, CATALOG);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> holder.prepare(GOOD.replace("gpt-4o", "gpt-5"),
                        "v2.yml"))
                .isInstanceOf(RulesException.class).hasMessageStartingWith("v2.yml line 4:");
        assertThat(holder.rules()).isSameAs(RULES);
    }

    @Test
    void onlyTheLastFewVersionsAreKept() {
        RulesHolder holder = new RulesHolder(RULES, CATALOG);
        String first = holder.current().id();
        for (int i = 0; i < RulesHolder.KEPT; i++) {
            assertThat(holder.reload(GOOD + "# " + i + "\n", "v" + i)).isEmpty();
        }
        assertThat(holder.version(first)).isEmpty();
        assertThat(holder.version(RulesVersion.idOf(GOOD + "# 0\n"))).isPresent();
    }
}
