package dev.llmpool.router.policy.replay;

import static dev.llmpool.router.policy.PolicyFixtures.CATALOG;
import static dev.llmpool.router.policy.PolicyFixtures.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.router.policy.rules.RoutingRules;
import dev.llmpool.router.policy.rules.RulesParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the calibrator turns besides tier thresholds, and what it compares against. */
class CalibratorSearchTest {

    private final Replayer replayer = new Replayer(CATALOG, TOKENS);

    @Test
    void aRuleThresholdOnAFeatureMovesWhenNoTierThresholdCanTell() {
        // the cheap model is right on short prompts and wrong on long ones, and its answers all look fine: no
        // threshold can tell them apart; a rule sending long prompts to gpt-4o alone can
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            boolean longPrompt = i % 2 == 1;
            String prompt = longPrompt ? "word ".repeat(200) : "word ".repeat(5);
            lines.append("{\"id\":\"c").append(i).append("\",\"request\":{\"model\":\"auto\",\"messages\":[{\"role\":")
                    .append("\"user\",\"content\":\"").append(prompt).append("\"}]},\"outcomes\":{\"gpt-4o-mini\":")
                    .append("{\"content\":\"a\",\"finish_reason\":\"stop\",\"correct\":").append(!longPrompt)
                    .append("},\"gpt-4o\":{\"content\":\"b\",\"finish_reason\":\"stop\",\"correct\":true}}}\n");
        }
        String rulesText = """
                default_route: main
                routes:
                  main:
                    tiers:
                      - model: gpt-4o-mini
                        accept: {threshold: 0.5, scorers: [finish_reason]}
                      - model: gpt-4o
                  strong:
                    tiers:
                      - model: gpt-4o
                rules:
                  - name: long
                    when: {field: prompt_tokens, gt: 100000}
                    route: strong
                """;
        RoutingRules rules = new RulesParser(CATALOG).parse(rulesText, "rules.yml");
        Replayer.Prepared prepared = replayer.prepare(new ReplayReader().read(lines.toString(), "f"), rules);
        Calibrator.Calibration c = new Calibrator().calibrate(replayer, prepared, rules,
                new Calibrator.Target.Accuracy(1.0));
        assertThat(c.reached()).isTrue();
        assertThat(c.changes()).singleElement().asString().startsWith("rule long: prompt_tokens compared with ");
        // cheaper than sending everything to gpt-4o: the short prompts stay on gpt-4o-mini
        assertThat(c.result().totalCostUsd()).isLessThan(replayer.run(prepared, rules, Strategy.LAST_TIER)
                .totalCostUsd());
        assertThat(c.result().reached()).containsEntry(0, 20);
    }

    @Test
    void aSettingBeatenOnCostAndAccuracyIsNamed() {
        StrategyResult policy = StrategyResultBuilder.builder().strategy(Strategy.POLICY).requests(10).labelled(10)
                .correct(7).totalCostUsd(2).build();
        StrategyResult strong = StrategyResultBuilder.builder().strategy(Strategy.LAST_TIER).requests(10).labelled(10)
                .correct(8).totalCostUsd(2).build();
        StrategyResult cheap = StrategyResultBuilder.builder().strategy(Strategy.FIRST_TIER).requests(10)
                .labelled(10).correct(6).totalCostUsd(1).build();
        assertThat(policy.beatenBy(strong)).isTrue();
        assertThat(policy.beatenBy(cheap)).isFalse();
        assertThat(policy.beatenBy(policy)).isFalse();
        ReplayReport report = new ReplayReport(10, Map.of("r", 10), Map.of(0, java.util.Set.of("m")), 0, 0,
                List.of(policy, cheap, strong));
        assertThat(report.render()).contains("warning: last tier beats this setting on both cost and accuracy");
    }
}
