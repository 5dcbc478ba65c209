package dev.llmpool.router.policy.replay;

import static dev.llmpool.router.policy.PolicyFixtures.CATALOG;
import static dev.llmpool.router.policy.PolicyFixtures.REPLAY;
import static dev.llmpool.router.policy.PolicyFixtures.RULES;
import static dev.llmpool.router.policy.PolicyFixtures.TOKENS;
import static dev.llmpool.router.policy.PolicyFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replay on the shipped fixture: 61 requests over four routes and a pin, with cheap-model failures of every
 * kind (truncated, malformed JSON, schema violations, missing expected pattern, low logprobs, refusals), two
 * wrong answers no scorer can see, and two right answers the scorers wrongly doubt.
 */
class ReplayFixtureTest {

    private static Replayer replayer;
    private static Replayer.Prepared prepared;
    private static ReplayReport report;

    @BeforeAll
    static void replay() {
        replayer = new Replayer(CATALOG, TOKENS);
        List<ReplayCase> cases = new ReplayReader().read(read(REPLAY.resolve("outcomes.jsonl")), "outcomes.jsonl");
        prepared = replayer.prepare(cases, RULES);
        report = replayer.report(prepared, RULES);
    }

    @Test
    void everyRequestIsRoutedByTheRuleItWasWrittenFor() {
        assertThat(report.cases()).isEqualTo(61);
        assertThat(report.unroutable()).isZero();
        assertThat(report.missing()).isZero();
        assertThat(report.routes()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("qa", 24, "extract", 16,
                "summarize", 12, "code", 8, "pinned", 1));
    }

    @Test
    void thePolicyEscalatesTheCheapFailuresAndOnlyThemAlmost() {
        StrategyResult policy = report.result(Strategy.POLICY);
        assertThat(policy.requests()).isEqualTo(61);
        assertThat(policy.labelled()).isEqualTo(60);
        // wrong: qa-24 (confidently wrong) and summarize-05 (too short), which no scorer catches
        assertThat(policy.correct()).isEqualTo(58);
        // qa 9, extract 6, summarize 3, code 4 requests (two of them twice)
        assertThat(policy.escalatedRequests()).isEqualTo(22);
        assertThat(policy.escalations()).isEqualTo(24);
        // wasted: qa-16 (right but without "Answer:") and qa-21 (right but unsure)
        assertThat(policy.escalationsLabelled()).isEqualTo(24);
        assertThat(policy.escalationsWrong()).isEqualTo(22);
        // precision counts fixes: two of the 22 went from a wrong nano answer to a wrong gpt-4o-mini one
        assertThat(policy.escalationsFixed()).isEqualTo(20);
        assertThat(policy.escalationPrecision()).isCloseTo(20.0 / 24, within(1e-12));
        assertThat(policy.reached()).containsEntry(0, 59).containsEntry(1, 24).containsEntry(2, 2);
    }

    @Test
    void thePolicyIsNearlyAsAccurateAsTheLastTierAtAboutHalfItsCost() {
        StrategyResult policy = report.result(Strategy.POLICY);
        StrategyResult first = report.result(Strategy.FIRST_TIER);
        StrategyResult last = report.result(Strategy.LAST_TIER);
        assertThat(first.correct()).isEqualTo(38);
        assertThat(last.correct()).isEqualTo(60);
        assertThat(first.labelled()).isEqualTo(60);
        assertThat(last.labelled()).isEqualTo(60);
        assertThat(policy.accuracy()).isGreaterThan(first.accuracy()).isLessThan(last.accuracy());
        assertThat(policy.totalCostUsd()).isGreaterThan(first.totalCostUsd()).isLessThan(last.totalCostUsd() * 0.6);
        assertThat(policy.totalCostUsd()).isCloseTo(0.014572, within(5e-7));
        assertThat(first.totalCostUsd()).isCloseTo(0.007664, within(5e-7));
        assertThat(last.totalCostUsd()).isCloseTo(0.026859, within(5e-7));
        assertThat(policy.costPer1k()).isCloseTo(policy.totalCostUsd() / 61 * 1000, within(1e-12));
        assertThat(first.escalations()).isZero();
        // the pin and the two long documents have a single usable tier
        assertThat(last.reached()).containsEntry(0, 1).containsEntry(1, 52).containsEntry(2, 8);
    }

    @Test
    void theReportPrintsEveryFigure() {
        String text = report.render();
        assertThat(text).contains("requests: 61 (routed 61, unroutable 0)")
                .contains("accuracy").contains("96.7% (58/60)").contains("63.3% (38/60)").contains("100.0% (60/60)")
                .contains("cost per 1k requests").contains("reached tier 3").contains("escalation precision")
                .contains("83.3% (20/24)").contains("tier 1: gpt-4.1-nano, gpt-4o-mini, local-small");
    }

    @Test
    void noTwoCellsRunTogetherHoweverWide() {
        for (String line : report.render().split("\n")) {
            if (line.startsWith("accuracy") || line.startsWith("escalation precision")) {
                // the name and one cell per strategy, each set off by at least two spaces
                assertThat(line.trim().split(" {2,}")).hasSize(1 + report.results().size());
            }
        }
        StringBuilder out = new StringBuilder();
        ReplayReport.table(out, java.util.List.of("row"), java.util.List.of("a", "b"),
                java.util.List.of(java.util.List.of("x".repeat(30), "y".repeat(25))));
        assertThat(out.toString()).contains("x".repeat(30) + "  " + "y".repeat(25));
    }

    @Test
    void theReportSaysWhichTokenCountsWereEstimated() {
        StrategyResult policy = report.result(Strategy.POLICY);
        assertThat(policy.attempts()).isEqualTo(85);
        String text = report.render();
        assertThat(text).contains("estimated token counts");
        if (policy.estimatedUsage() > 0) {
            assertThat(text).contains("token counts (and costs) are estimated");
        }
    }

    @Test
    void calibratingForAnEscalationRateMovesThresholds() {
        Calibrator.Calibration c = new Calibrator().calibrate(replayer, prepared, RULES,
                new Calibrator.Target.EscalationRate(0.25));
        assertThat(c.reached()).isTrue();
        assertThat(c.result().escalationRate()).isCloseTo(0.25, within(0.5 / 61 + 1e-9));
        assertThat(c.thresholds()).containsOnlyKeys("code", "extract", "qa", "summarize");
        String yaml = Calibrator.render(c);
        assertThat(yaml).contains("routes:\n  code:\n    tiers:\n").contains("accept: {threshold: ");
        // the fragment is valid rules once merged: every printed threshold is in [0,1]
        c.thresholds().values().forEach(t -> t.values().forEach(v -> assertThat(v).isBetween(0.0, 1.0)));
    }

    @Test
    void calibratingForAccuracyFindsTheCheapestThresholdsThatReachIt() {
        Calibrator.Calibration c = new Calibrator().calibrate(replayer, prepared, RULES,
                new Calibrator.Target.Accuracy(0.95));
        assertThat(c.reached()).isTrue();
        assertThat(c.result().accuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(c.result().totalCostUsd()).isLessThanOrEqualTo(report.result(Strategy.POLICY).totalCostUsd());
        // no threshold reaches 100%: the search sends the routes whose cheap answers fail unseen straight to gpt-4o
        Calibrator.Calibration all = new Calibrator().calibrate(replayer, prepared, RULES,
                new Calibrator.Target.Accuracy(1.0));
        assertThat(all.reached()).isTrue();
        assertThat(all.result().totalCostUsd()).isLessThan(report.result(Strategy.LAST_TIER).totalCostUsd());
        assertThat(all.changes()).anyMatch(line -> line.contains("straight to its last tier"));
        assertThat(Calibrator.render(all)).contains("-> met").contains("cheaper tiers dropped")
                .contains("against last tier");
        Calibrator.Calibration impossible = new Calibrator().calibrate(replayer, prepared, RULES,
                new Calibrator.Target.EscalationRate(1.0));
        assertThat(Calibrator.render(impossible)).contains("not met (closest)");
    }

    @Test
    void theCalibratedThresholdsReplayToTheFiguresPrinted() {
        Calibrator.Calibration c = new Calibrator().calibrate(replayer, prepared, RULES,
                new Calibrator.Target.EscalationRate(0.30));
        var rules = RULES;
        for (var route : c.thresholds().entrySet()) {
            for (var tier : route.getValue().entrySet()) {
                rules = rules.withThreshold(route.getKey(), tier.getKey(), tier.getValue());
            }
        }
        for (String line : c.changes()) {
            String route = line.substring("route ".length(), line.indexOf(':'));
            assertThat(line).endsWith("straight to its last tier (escalate everything costs more)");
            rules = rules.withRoute(rules.route(route).lastTierOnly());
        }
        StrategyResult again = replayer.run(prepared, rules, Strategy.POLICY);
        assertThat(again).isEqualTo(c.result());
    }
}
