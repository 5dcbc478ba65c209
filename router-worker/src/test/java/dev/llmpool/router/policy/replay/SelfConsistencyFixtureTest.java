package dev.llmpool.router.policy.replay;

import static dev.llmpool.router.policy.PolicyFixtures.CATALOG;
import static dev.llmpool.router.policy.PolicyFixtures.REPLAY;
import static dev.llmpool.router.policy.PolicyFixtures.TOKENS;
import static dev.llmpool.router.policy.PolicyFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.router.policy.prescore.PreRouterTrainer;
import dev.llmpool.router.policy.rules.RoutingRules;
import dev.llmpool.router.policy.rules.RulesParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-consistency fixture: five cheap samples per request, agreement on extracted answers, a learned router. */
class SelfConsistencyFixtureTest {

    private static final Path RULES = REPLAY.resolve("selfcons/rules.yml");

    @Test
    void theCheckedInFileIsTheGeneratorsOutput() throws IOException {
        if (Boolean.getBoolean("llmpool.fixtures.write")) {
            SelfConsistencyFixture.write();
        }
        assertThat(read(SelfConsistencyFixture.FILE)).isEqualTo(SelfConsistencyFixture.generate());
    }

    @Test
    void agreementOnExtractedAnswersScoresTheCheapSamples() {
        RoutingRules rules = new RulesParser(CATALOG).parse(read(RULES), RULES.toString());
        Replayer replayer = new Replayer(CATALOG, TOKENS);
        List<ReplayCase> cases = new ReplayReader().read(read(SelfConsistencyFixture.FILE), "outcomes.jsonl");
        Replayer.Prepared prepared = replayer.prepare(cases, rules);
        ReplayReport report = replayer.report(prepared, rules);
        StrategyResult policy = report.result(Strategy.POLICY);
        StrategyResult first = report.result(Strategy.FIRST_TIER);
        // every cheap answer is scored on its five samples; a third of them carry no logprobs, and it shows
        assertThat(policy.consulted().get("agreement")).isEqualTo(400);
        assertThat(policy.abstained()).doesNotContainKey("agreement");
        assertThat(policy.abstentionRate("logprob")).isBetween(0.2, 0.4);
        assertThat(policy.accuracy()).isGreaterThan(first.accuracy() + 0.1);
        assertThat(report.render()).contains("abstained: logprob").contains("are estimated with jtokkit")
                .contains("cheapest (gpt-4o-mini)").contains("strongest (gpt-4o)");
    }

    @Test
    void theRequestAloneTellsWhichCheapAnswersWillBeRight() {
        RoutingRules rules = new RulesParser(CATALOG).parse(read(RULES), RULES.toString());
        List<ReplayCase> cases = new ReplayReader().read(read(SelfConsistencyFixture.FILE), "outcomes.jsonl");
        List<PreRouterTrainer.Example> examples = TrainRun.examples(cases, TOKENS, rules, CATALOG, null);
        assertThat(examples).hasSize(400);
        PreRouterTrainer.Training t = new PreRouterTrainer().train(examples, PreRouterTrainer.Settings.DEFAULT,
                "first tier");
        assertThat(t.cvAuc()).isGreaterThan(0.65);
    }

    @Test
    void aTrainedModelNamedInTheRulesSkipsTheCheapTierForHardRequests(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("router-model.json");
        String trained = TrainRun.run(SelfConsistencyFixture.FILE, model, null, REPLAY.resolve("catalog.yml"),
                "gpt-4o-mini", PreRouterTrainer.Settings.DEFAULT, TOKENS);
        assertThat(trained).contains("400 labelled for gpt-4o-mini").contains("cross-validated AUC");
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, "pre_router: {model: router-model.json}\n" + read(RULES)
                .replace("        max_tokens: 400\n", "        max_tokens: 400\n        min_pre_score: 0.5\n"));
        String out = ReplayRun.run(rules, REPLAY.resolve("catalog.yml"), SelfConsistencyFixture.FILE, null, TOKENS);
        String reached = out.lines().filter(l -> l.startsWith("reached tier 1")).findFirst().orElseThrow();
        assertThat(reached.trim().split(" {2,}")[1]).isNotEqualTo("100.0%");
    }

    @Test
    void calibratingOnASplitReportsOnlyHeldOutFigures() {
        String out = ReplayRun.run(ReplayRunOptionsBuilder.builder().rules(RULES).catalog(REPLAY.resolve("catalog.yml"))
                .input(SelfConsistencyFixture.FILE).target(new Calibrator.Target.RelativeAccuracy(0.95)).split(0.6)
                .build(), TOKENS);
        assertThat(out).contains("split: 239 requests to train and calibrate on, 161 held out")
                .contains("held-out AUC").contains("calibrated on the training part (in-sample figures)")
                .containsPattern("target accuracy \\d+\\.\\d% \\(95\\.0% of the strongest's\\) -> met")
                .contains("held-out replay with the calibrated rules:\nrequests: 161")
                .contains("policy against strongest (gpt-4o)");
        System.out.println(out);
    }
}
