package dev.llmpool.router.policy.rules;

import static dev.llmpool.router.policy.PolicyFixtures.CATALOG;
import static dev.llmpool.router.policy.PolicyFixtures.RULES;
import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(holder.current().routes()).containsOnlyKeys("only");
        assertThat(holder.current().source()).isEqualTo(file.toString());
    }

    @Test
    void aBadFileIsRefusedNamingTheLineAndTheOldRulesStay(@TempDir Path dir) throws IOException {
        RulesHolder holder = new RulesHolder(RULES, CATALOG);
        Path file = dir.resolve("routes.yml");
        Files.writeString(file, GOOD.replace("gpt-4o", "gpt-5"));
        assertThat(holder.reload(file)).hasValueSatisfying(message -> assertThat(message)
                .startsWith(file + " line 4: model 'gpt-5' is not in the catalog")
                .endsWith("keeping the rules from rules.yml"));
        assertThat(holder.current()).isSameAs(RULES);
    }

    @Test
    void anUnreadableFileKeepsTheOldRules(@TempDir Path dir) {
        RulesHolder holder = new RulesHolder(RULES, CATALOG);
        assertThat(holder.reload(dir.resolve("missing.yml"))).hasValueSatisfying(message ->
                assertThat(message).contains("cannot be read"));
        assertThat(holder.current()).isSameAs(RULES);
    }
}
