package dev.llmpool.router.policy.rules;

import static dev.llmpool.router.policy.PolicyFixtures.CATALOG;
import static dev.llmpool.router.policy.PolicyFixtures.RULES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.core.routing.RulesException;
import dev.llmpool.router.policy.scoring.Acceptance;
import dev.llmpool.router.policy.scoring.Combination;
import dev.llmpool.router.policy.scoring.ScorerKind;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class RulesParserTest {

    private final RulesParser parser = new RulesParser(CATALOG);

    private static final String ROUTES = """
            default_route: qa
            routes:
              qa:
                tiers:
                  - model: gpt-4o-mini
                  - model: gpt-4o
            """;

    private AbstractThrowableAssert<?, ? extends Throwable> refused(String yaml) {
        return assertThatThrownBy(() -> parser.parse(yaml, "test.yml")).isInstanceOf(RulesException.class);
    }

    private static int line(Throwable e) {
        return ((RulesException) e).line();
    }

    @Test
    void readsTheFixtureRules() {
        assertThat(RULES.defaultRoute()).isEqualTo("qa");
        assertThat(RULES.autoAliases()).containsExactly("auto");
        assertThat(RULES.routes()).containsOnlyKeys("qa", "extract", "summarize", "code");
        assertThat(RULES.rules()).extracting(Rule::name).containsExactly("json-output", "summaries", "code");
        Route qa = RULES.route("qa");
        assertThat(qa.aliases()).containsExactly("qa");
        assertThat(qa.combination()).isEqualTo(Combination.MIN);
        assertThat(qa.maxEscalations()).isEqualTo(1);
        Tier first = qa.tiers().getFirst();
        assertThat(first.model()).isEqualTo("gpt-4o-mini");
        assertThat(first.maxTokens()).isEqualTo(256);
        assertThat(first.acceptance().threshold()).isEqualTo(0.6);
        assertThat(first.acceptance().expectedPattern().pattern()).isEqualTo("(?m)^Answer: \\S");
        assertThat(first.acceptance().scorers()).extracting(s -> s.kind()).containsExactly(ScorerKind.FINISH_REASON,
                ScorerKind.REFUSAL, ScorerKind.PATTERN, ScorerKind.LOGPROB);
        assertThat(RULES.route("code").combination()).isEqualTo(Combination.WEIGHTED_MEAN);
        assertThat(RULES.route("code").tiers().getFirst().acceptance().scorers().get(2).weight()).isEqualTo(2.0);
        assertThat(RULES.rules().get(1).line()).isEqualTo(51);
    }

    @Test
    void defaultsAreMinimumCombinationDefaultScorersAndOneEscalationPerExtraTier() {
        RoutingRules rules = parser.parse(ROUTES, "t");
        Route qa = rules.route("qa");
        assertThat(qa.maxEscalations()).isEqualTo(1);
        assertThat(qa.maxCostUsd()).isNull();
        assertThat(qa.tiers().getFirst().acceptance().threshold()).isEqualTo(Acceptance.DEFAULT_THRESHOLD);
        assertThat(qa.tiers().getFirst().acceptance().scorers()).isEqualTo(Acceptance.DEFAULT_SCORERS);
        assertThat(rules.autoAliases()).containsExactly("auto");
        assertThat(rules.rules()).isEmpty();
    }

    @Test
    void aliasesOfCatalogModelsResolveToTheirIds() {
        var catalog = new dev.llmpool.core.catalog.CatalogLoader().parse("""
                models:
                  - {id: m1, provider: p, aliases: [cheap], context_window: 1000}
                  - {id: m2, provider: p, context_window: 1000}
                """);
        RoutingRules rules = new RulesParser(catalog).parse("""
                default_route: r
                routes:
                  r:
                    tiers: [{model: cheap}, {model: m2}]
                """, "t");
        assertThat(rules.route("r").tiers()).extracting(Tier::model).containsExactly("m1", "m2");
    }

    @Test
    void conditionsCombineWithAllAndAnyOrAndNot() {
        RoutingRules rules = parser.parse(ROUTES + """
                rules:
                  - name: nested
                    when:
                      and:
                        - {field: prompt_tokens, gt: 10}
                        - or:
                            - {field: task, in: [code, review]}
                            - not: {field: metadata.team, exists: true}
                        - all: [{field: script, regex: '^lat'}, {field: turns, lt: 3}]
                        - any: [{field: priority, eq: batch}, {field: json_requested, eq: false}]
                    route: qa
                """, "t");
        Condition when = rules.rules().getFirst().when();
        assertThat(when).isInstanceOfSatisfying(Condition.All.class, all -> {
            assertThat(all.conditions()).hasSize(4);
            assertThat(all.conditions().get(0)).isEqualTo(new Condition.Gt("prompt_tokens", 10));
            assertThat(all.conditions().get(1)).isInstanceOfSatisfying(Condition.Any.class, any ->
                    assertThat(any.conditions().get(1)).isEqualTo(new Condition.Not(
                            new Condition.Exists("metadata.team", true))));
        });
        refused(ROUTES + "rules:\n  - when: {all: [], route: qa}\n    route: qa\n")
                .hasMessageContaining("'all' must stand alone");
        refused(ROUTES + "rules:\n  - when: {any: []}\n    route: qa\n")
                .hasMessageContaining("any needs at least one condition");
    }

    @Test
    void aYamlSyntaxErrorNamesItsLine() {
        refused(ROUTES + "rules:\n  - name: x\n    when: {field: task, eq: [unclosed\n")
                .hasMessageStartingWith("test.yml line").hasMessageContaining("not valid YAML");
    }

    @Test
    void aModelNotInTheCatalogIsRefusedWithItsLine() {
        refused(ROUTES.replace("model: gpt-4o\n", "model: gpt-5\n"))
                .hasMessageContaining("test.yml line 6: model 'gpt-5' is not in the catalog")
                .satisfies(e -> assertThat(line(e)).isEqualTo(6));
    }

    @Test
    void anUnknownKeyIsRefusedWithItsLine() {
        refused(ROUTES.replace("  qa:\n", "  qa:\n    thresold: 0.5\n"))
                .hasMessageContaining("line 4: unknown key 'thresold' in route qa");
        refused("defualt_route: qa\n" + ROUTES).hasMessageContaining("line 1: unknown key 'defualt_route'");
    }

    @Test
    void anUnknownFieldOrOperatorIsRefused() {
        refused(ROUTES + "rules:\n  - when: {field: promt_tokens, gt: 5}\n    route: qa\n")
                .hasMessageContaining("line 8: unknown field 'promt_tokens'");
        refused(ROUTES + "rules:\n  - when: {field: prompt_tokens, gte: 5}\n    route: qa\n")
                .hasMessageContaining("line 8").hasMessageContaining("exactly one of");
        refused(ROUTES + "rules:\n  - when: {field: prompt_tokens, gt: many}\n    route: qa\n")
                .hasMessageContaining("line 8: gt must be a number");
        refused(ROUTES + "rules:\n  - when: {field: task, exists: maybe}\n    route: qa\n")
                .hasMessageContaining("exists must be true or false");
    }

    @Test
    void aBadRegexIsRefusedWithItsLine() {
        refused(ROUTES + "rules:\n  - name: r\n    when:\n      any:\n        - {field: tenant, regex: '(unclosed'}\n"
                + "    route: qa\n").hasMessageContaining("line 11: regex is not a valid regex");
    }

    @Test
    void aRuleNamingAnUndefinedRouteIsRefused() {
        refused(ROUTES + "rules:\n  - name: r\n    route: nowhere\n")
                .hasMessageContaining("line 9: rule r names route 'nowhere', which is not defined");
        refused(ROUTES.replace("default_route: qa", "default_route: gone"))
                .hasMessageContaining("line 1: default_route 'gone' is not a route");
    }

    @Test
    void aRuleAfterACatchAllIsRefused() {
        refused(ROUTES + "rules:\n  - name: all\n    route: qa\n  - name: later\n    when: {field: task, eq: x}\n"
                + "    route: qa\n").hasMessageContaining("line 10: rule later can never match: rule all (line 8)");
    }

    @Test
    void thresholdsWeightsAndCapsAreChecked() {
        refused(ROUTES.replace("      - model: gpt-4o-mini\n", "      - model: gpt-4o-mini\n        accept: "
                + "{threshold: 1.5}\n")).hasMessageContaining("line 6: threshold must be between 0 and 1");
        refused(ROUTES.replace("      - model: gpt-4o-mini\n", "      - model: gpt-4o-mini\n        accept: "
                + "{scorers: {logprob: -1}}\n")).hasMessageContaining("weight must not be negative");
        refused(ROUTES.replace("      - model: gpt-4o-mini\n", "      - model: gpt-4o-mini\n        accept: "
                + "{scorers: [vibes]}\n")).hasMessageContaining("unknown scorer 'vibes'");
        refused(ROUTES.replace("    tiers:", "    max_escalations: 3\n    tiers:"))
                .hasMessageContaining("line 4: max_escalations must be between 0 and 1");
        refused(ROUTES.replace("    tiers:", "    max_cost_usd: 0\n    tiers:"))
                .hasMessageContaining("max_cost_usd must be positive");
        refused(ROUTES.replace("    tiers:", "    combine: average\n    tiers:"))
                .hasMessageContaining("combine must be min or weighted_mean");
        refused(ROUTES.replace("      - model: gpt-4o\n", "      - model: gpt-4o\n        max_tokens: 200000\n"))
                .hasMessageContaining("line 7: max_tokens 200000 does not fit gpt-4o's context window");
    }

    @Test
    void theJudgeNamesACatalogModel() {
        RoutingRules rules = parser.parse(ROUTES.replace("      - model: gpt-4o-mini\n", "      - model: gpt-4o-mini\n"
                + "        accept: {scorers: {finish_reason: 1, judge: {weight: 2, model: gpt-4o}}}\n"), "t");
        var judge = rules.route("qa").tiers().getFirst().acceptance().scorers().get(1);
        assertThat(judge.kind()).isEqualTo(ScorerKind.JUDGE);
        assertThat(judge.weight()).isEqualTo(2.0);
        assertThat(judge.param("model", null)).isEqualTo("gpt-4o");
        refused(ROUTES.replace("      - model: gpt-4o-mini\n", "      - model: gpt-4o-mini\n"
                + "        accept: {scorers: {judge: {model: gpt-9}}}\n"))
                .hasMessageContaining("line 6: judge model 'gpt-9' is not in the catalog");
        refused(ROUTES.replace("      - model: gpt-4o-mini\n", "      - model: gpt-4o-mini\n"
                + "        accept: {scorers: {logprob: {model: gpt-4o}}}\n"))
                .hasMessageContaining("model is for the judge scorer");
    }

    @Test
    void thePatternScorerAndTheExpectedPatternGoTogether() {
        refused(ROUTES.replace("      - model: gpt-4o-mini\n", "      - model: gpt-4o-mini\n        accept: "
                + "{scorers: [pattern]}\n")).hasMessageContaining("the pattern scorer needs an expected_pattern");
        refused(ROUTES.replace("      - model: gpt-4o-mini\n", "      - model: gpt-4o-mini\n        accept: "
                + "{expected_pattern: x, scorers: [json]}\n")).hasMessageContaining("pattern scorer is not listed");
        RoutingRules implied = parser.parse(ROUTES.replace("      - model: gpt-4o-mini\n",
                "      - model: gpt-4o-mini\n        accept: {expected_pattern: '^A'}\n"), "t");
        assertThat(implied.route("qa").tiers().getFirst().acceptance().uses(ScorerKind.PATTERN)).isTrue();
    }

    @Test
    void aliasesMayNotCollideOrHideAModelId() {
        refused(ROUTES.replace("  qa:\n", "  qa:\n    aliases: [auto]\n"))
                .hasMessageContaining("alias 'auto' of route qa is already used by auto_aliases");
        refused(ROUTES.replace("  qa:\n", "  qa:\n    aliases: [gpt-4o]\n"))
                .hasMessageContaining("alias 'gpt-4o' is a catalog model id");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        refused(ROUTES + "default_route: qa\n").hasMessageContaining("'default_route' is given twice");
    }

    @Test
    void anEmptyFileIsRefused() {
        refused("").hasMessageContaining("empty");
        refused("# only a comment\n").hasMessageContaining("empty");
    }

    @Test
    void theAgreementScorerTakesAnAnswerExtractor() {
        String tier = "      - model: gpt-4o-mini\n";
        RoutingRules rules = parser.parse(ROUTES.replace(tier, tier + "        accept: {scorers: {agreement: "
                + "{extract: regex, pattern: 'Answer: (\\w+)'}}}\n"), "t");
        var spec = rules.route("qa").tiers().getFirst().acceptance().scorers().getFirst();
        assertThat(spec.extractor()).isInstanceOf(dev.llmpool.router.policy.scoring.AnswerExtractor.Regex.class);
        assertThat(spec.extractor().extract("x\nAnswer: Paris")).contains("Paris");
        assertThat(parser.parse(ROUTES.replace(tier, tier + "        accept: {scorers: {agreement: {extract: "
                + "json_field, field: a.b}}}\n"), "t").route("qa").tiers().getFirst().acceptance().scorers()
                .getFirst().extractor().extract("{\"a\":{\"b\":\"v\"}}")).contains("v");
        refused(ROUTES.replace(tier, tier + "        accept: {scorers: {agreement: {extract: vibes}}}\n"))
                .hasMessageContaining("extract must be one of text, last_number, regex, json_field, choice");
        refused(ROUTES.replace(tier, tier + "        accept: {scorers: {logprob: {extract: choice}}}\n"))
                .hasMessageContaining("extract is for the agreement scorer");
        refused(ROUTES.replace(tier, tier + "        accept: {scorers: {agreement: {extract: regex}}}\n"))
                .hasMessageContaining("pattern");
        refused(ROUTES.replace(tier, tier + "        accept: {scorers: {agreement: {pattern: x}}}\n"))
                .hasMessageContaining("pattern goes with extract");
        refused(ROUTES.replace(tier, tier + "        accept: {scorers: {agreement: {extract: choice, field: a}}}\n"))
                .hasMessageContaining("field does not go with extract: choice");
    }
}
