package dev.llmpool.router.policy.rules;

import static dev.llmpool.router.policy.PolicyFixtures.CATALOG;
import static dev.llmpool.router.policy.PolicyFixtures.features;
import static dev.llmpool.router.policy.PolicyFixtures.userSays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.core.routing.RulesException;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.prescore.Hashing;
import dev.llmpool.router.policy.prescore.PreRouterModel;
import dev.llmpool.router.policy.prescore.PreRouterModelBuilder;
import dev.llmpool.router.policy.prescore.RequestSignals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules file's pre_router, the pre_score field and a tier's min_pre_score. */
class PreScoreRulesTest {

    @TempDir
    Path dir;

    private final RulesParser parser = new RulesParser(CATALOG);

    /** A model scoring every request {@code 1 / (1 + e^-bias)}, plus 0.25 in log-odds per "hard" in the prompt. */
    private static PreRouterModel model(double bias) {
        Hashing hashing = new Hashing(1 << 12, 1, 1, 0, 1000);
        double[] hashed = new double[1 << 12];
        int[] words = hashing.vector("hard").indices();
        hashed[words[0]] = -40;
        return PreRouterModelBuilder.builder().format(PreRouterModel.FORMAT).cheapModel("gpt-4o-mini").trainedOn(10)
                .cvAuc(0.9).hashing(hashing).features(RequestSignals.NAMES)
                .featureWeights(new double[RequestSignals.NAMES.size()]).hashedWeights(hashed).bias(bias).build();
    }

    private RoutingRules rules(String extra, String firstTier) throws IOException {
        model(0).write(dir.resolve("router-model.json"));
        Path file = dir.resolve("rules.yml");
        String text = """
                pre_router: {model: router-model.json}
                default_route: qa
                routes:
                  qa:
                    tiers:
                      - model: gpt-4o-mini
                """ + firstTier + """
                      - model: gpt-4o
                """ + extra;
        Files.writeString(file, text);
        return parser.parse(text, file.toString());
    }

    @Test
    void theRulesModelGivesEveryRequestItsPreScore() throws IOException {
        RoutingRules rules = rules("", "");
        Features easy = features(userSays("auto", "what is the capital of peru"), Map.of(), rules);
        Features hard = features(userSays("auto", "a hard one"), Map.of(), rules);
        assertThat(easy.preScore()).isEqualTo(0.5);
        assertThat(easy.field("pre_score")).isEqualTo(0.5);
        assertThat(hard.preScore()).isLessThan(0.01);
        assertThat(features(userSays("auto", "x"), Map.of(), dev.llmpool.router.policy.PolicyFixtures.RULES)
                .preScore()).isNull();
    }

    @Test
    void aTierIsSkippedBelowItsMinPreScore() throws IOException {
        RoutingRules rules = rules("", "        min_pre_score: 0.3\n");
        RouteSelector selector = new RouteSelector();
        var easy = (RouteSelection.Planned) selector.select(features(userSays("auto", "capital of peru"), Map.of(),
                rules), rules, CATALOG);
        assertThat(easy.plan().tiers()).extracting(t -> t.model().id()).containsExactly("gpt-4o-mini", "gpt-4o");
        var hard = (RouteSelection.Planned) selector.select(features(userSays("auto", "a hard one"), Map.of(),
                rules), rules, CATALOG);
        assertThat(hard.plan().tiers()).extracting(t -> t.model().id()).containsExactly("gpt-4o");
        assertThat(hard.plan().skipped().getFirst().reason()).startsWith("pre_score 0.000 < min_pre_score 0.3");
    }

    @Test
    void rulesTestThePreScore() throws IOException {
        RoutingRules rules = rules("""
                  strong:
                    tiers:
                      - model: gpt-4o
                rules:
                  - name: doubtful
                    when: {field: pre_score, lt: 0.2}
                    route: strong
                """, "");
        RouteSelector selector = new RouteSelector();
        var hard = (RouteSelection.Planned) selector.select(features(userSays("auto", "hard"), Map.of(), rules),
                rules, CATALOG);
        assertThat(hard.plan().route()).isEqualTo("strong");
        var easy = (RouteSelection.Planned) selector.select(features(userSays("auto", "easy"), Map.of(), rules),
                rules, CATALOG);
        assertThat(easy.plan().route()).isEqualTo("qa");
    }

    @Test
    void thePreScoreSettingsAreChecked() throws IOException {
        String plain = """
                default_route: qa
                routes:
                  qa:
                    tiers:
                      - model: gpt-4o-mini
                        min_pre_score: 0.5
                      - model: gpt-4o
                """;
        assertThatThrownBy(() -> parser.parse(plain, "t.yml")).isInstanceOf(RulesException.class)
                .hasMessageContaining("min_pre_score needs a pre_router");
        assertThatThrownBy(() -> parser.parse(plain.replace("        min_pre_score: 0.5\n", "") + """
                rules:
                  - when: {field: pre_score, gt: 0.5}
                    route: qa
                """, "t.yml")).hasMessageContaining("pre_score needs a pre_router");
        assertThatThrownBy(() -> rules("", "        min_pre_score: 1.5\n"))
                .hasMessageContaining("min_pre_score must be between 0 and 1");
        model(0).write(dir.resolve("router-model.json"));
        assertThatThrownBy(() -> parser.parse("pre_router: {model: router-model.json}\n" + plain
                .replace("        min_pre_score: 0.5\n", "").replace("      - model: gpt-4o\n",
                        "      - model: gpt-4o\n        min_pre_score: 0.5\n"), dir.resolve("r.yml").toString()))
                .hasMessageContaining("last tier cannot be skipped");
        Files.writeString(dir.resolve("bad.json"), "{\"format\": \"nope\"}");
        assertThatThrownBy(() -> parser.parse("pre_router: {model: bad.json}\n" + plain
                .replace("        min_pre_score: 0.5\n", ""), dir.resolve("r.yml").toString()))
                .isInstanceOf(RulesException.class).hasMessageContaining("pre_router model")
                .hasMessageContaining("format must be");
    }

    @Test
    void aBadModelFileOnReloadKeepsTheRulesAndModelInForce() throws IOException {
        RoutingRules first = rules("", "");
        RulesHolder holder = new RulesHolder(first, CATALOG);
        Path file = dir.resolve("rules.yml");
        Files.writeString(dir.resolve("router-model.json"), "{}");
        assertThat(holder.reload(file)).get().asString().contains("pre_router model");
        assertThat(holder.rules()).isSameAs(first);
        model(2).write(dir.resolve("router-model.json"));
        assertThat(holder.reload(file)).isEmpty();
        assertThat(features(userSays("auto", "x"), Map.of(), holder.rules()).preScore()).isGreaterThan(0.8);
    }
}
