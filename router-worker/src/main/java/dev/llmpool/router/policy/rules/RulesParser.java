package dev.llmpool.router.policy.rules;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.NodeReader;
import dev.llmpool.core.routing.RulesException;
import dev.llmpool.core.routing.RulesOutline;
import dev.llmpool.core.routing.RulesOutline.RouteOutline;
import dev.llmpool.core.routing.YamlNode;
import dev.llmpool.core.routing.YamlNode.YMap;
import dev.llmpool.core.routing.YamlNode.YSeq;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.scoring.Acceptance;
import dev.llmpool.router.policy.scoring.AnswerExtractor;
import dev.llmpool.router.policy.scoring.Combination;
import dev.llmpool.router.policy.scoring.ScorerKind;
import dev.llmpool.router.policy.scoring.ScorerSpec;
import dev.llmpool.router.policy.prescore.PreRouterModel;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a rules file against the catalog. Its top level (keys, version, auto aliases and their
 * default, route names and aliases) is read by pool-core's {@link RulesOutline}, the reading the gateway uses too;
 * this reads the rest. Everything wrong is a {@link RulesException} naming the line: YAML syntax, unknown keys,
 * unknown fields, bad regexes, models not in the catalog, routes not defined, unreachable rules. Format:
 * <pre>
 * auto_aliases: [auto]            # names meaning "let the rules choose" (default [auto])
 * default_route: balanced         # taken when no rule matches
 * routes:
 *   balanced:
 *     aliases: [balanced]         # names selecting this route directly
 *     combine: min                # min | weighted_mean
 *     max_escalations: 1          # default: tiers - 1
 *     max_cost_usd: 0.05          # optional cap per request
 *     tiers:
 *       - model: gpt-4o-mini
 *         max_tokens: 1024
 *         accept:
 *           threshold: 0.6
 *           expected_pattern: '^Answer:'
 *           scorers: {finish_reason: 1, refusal: 1, json: 1, pattern: 1, logprob: {weight: 2, use: mean},
 *                     judge: {weight: 1, model: gpt-4o},
 *                     agreement: {weight: 1, extract: last_number}}   # or text, choice,
 *                                 # regex (with pattern: '…'), json_field (with field: a.b)
 *       - model: gpt-4o
 *       - model: gpt-4o
 * pre_router: {model: router-model.json}   # from llmpool route train; path relative to this file
 * # then a tier may set min_pre_score: 0.4 (skipped when the request's pre_score is below; never the last tier),
 * # and rules may test {field: pre_score, lt: 0.3}
 * rules:
 *   - name: code
 *     when: {any: [{field: has_code, eq: true}, {field: task, in: [code, review]}]}
 *     route: balanced
 * </pre>
 */
public final class RulesParser {

    private static final Set<String> ROUTE = Set.of("aliases", "combine", "max_escalations", "max_cost_usd", "tiers");
    private static final Set<String> TIER = Set.of("model", "max_tokens", "accept", "min_pre_score");
    private static final Set<String> PRE_ROUTER = Set.of("model");
    private static final Set<String> ACCEPT = Set.of("threshold", "expected_pattern", "scorers");
    private static final Set<String> SCORER = Set.of("weight", "use", "model", "extract", "pattern", "field");
    private static final Set<String> RULE = Set.of("name", "when", "route");
    private static final Set<String> OPERATORS = Set.of("eq", "in", "gt", "lt", "regex", "exists");

    private final ModelCatalog catalog;

    public RulesParser(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    public RoutingRules parse(String text, String source) {
        return parse(RulesOutline.read(text, source));
    }

    /** The rules whose top level {@code outline} has read. */
    public RoutingRules parse(RulesOutline outline) {
        return new Run(outline.source()).rules(outline);
    }

    /** One parse: the node readers, naming its source in messages. */
    private final class Run extends NodeReader {

        private PreRouterModel preRouter;

        Run(String source) {
            super(source);
        }

        RoutingRules rules(RulesOutline outline) {
            YMap top = outline.top();
            preRouter = top.get("pre_router") == null ? null : preRouter(top.get("pre_router"));
            Map<String, Route> routes = new LinkedHashMap<>();
            for (RouteOutline route : outline.routes().values()) {
                routes.put(route.name(), route(route));
            }
            YamlNode defaultNode = required(top, "default_route", "the rules file");
            String defaultRoute = string(defaultNode, "default_route");
            if (!routes.containsKey(defaultRoute)) {
                throw error(defaultNode, "default_route '" + defaultRoute + "' is not a route (routes: "
                        + String.join(", ", routes.keySet()) + ")");
            }
            List<Rule> rules = top.get("rules") == null ? List.of() : rules(top.get("rules"), routes);
            return new RoutingRules(outline.autoAliases(), defaultRoute, routes, rules, source, preRouter);
        }

        /** {@code pre_router: {model: <file>}}: the model file, relative to the rules file, read now. */
        PreRouterModel preRouter(YamlNode node) {
            YMap map = map(node, "pre_router");
            keys(map, PRE_ROUTER, "pre_router");
            YamlNode modelNode = required(map, "model", "pre_router");
            String name = string(modelNode, "model");
            Path base = Path.of(source).getParent();
            Path file = base == null ? Path.of(name) : base.resolve(name);
            try {
                return PreRouterModel.read(file);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw error(modelNode, "pre_router model " + file + ": " + e.getMessage());
            }
        }

        Route route(RouteOutline outline) {
            String name = outline.name();
            String where = "route " + name;
            YMap map = outline.body();
            keys(map, ROUTE, where);
            for (String alias : outline.aliases()) {
                catalog.resolve(alias).filter(m -> m.id().equals(alias)).ifPresent(m -> {
                    throw error(map.get("aliases"), "alias '" + alias + "' is a catalog model id; a route alias may "
                            + "not hide a model (clients pin models by id)");
                });
            }
            Combination combination = Combination.MIN;
            if (map.get("combine") != null) {
                String text = string(map.get("combine"), "combine");
                combination = Combination.parse(text).orElseThrow(() -> error(map.get("combine"),
                        "combine must be min or weighted_mean, not '" + text + "'"));
            }
            YSeq tierList = seq(required(map, "tiers", where), where + " tiers");
            if (tierList.items().isEmpty()) {
                throw error(tierList, where + " has no tiers");
            }
            List<Tier> tiers = new ArrayList<>();
            for (YamlNode tierNode : tierList.items()) {
                tiers.add(tier(tierNode, where + " tier " + (tiers.size() + 1)));
            }
            YamlNode lastMin = ((YMap) tierList.items().getLast()).get("min_pre_score");
            if (lastMin != null) {
                throw error(lastMin, where + "'s last tier cannot be skipped: min_pre_score is for the tiers below it");
            }
            int maxEscalations = tiers.size() - 1;
            if (map.get("max_escalations") != null) {
                maxEscalations = (int) integer(map.get("max_escalations"), "max_escalations", 0,
                        Math.max(0, tiers.size() - 1));
            }
            Double maxCost = null;
            if (map.get("max_cost_usd") != null) {
                maxCost = number(map.get("max_cost_usd"), "max_cost_usd");
                if (maxCost <= 0) {
                    throw error(map.get("max_cost_usd"), "max_cost_usd must be positive");
                }
            }
            return new Route(name, outline.aliases(), tiers, combination, maxEscalations, maxCost);
        }

        Tier tier(YamlNode node, String where) {
            YMap map = map(node, where);
            keys(map, TIER, where);
            YamlNode modelNode = required(map, "model", where);
            String name = string(modelNode, "model");
            CatalogModel model = catalog.resolve(name).orElseThrow(() -> error(modelNode, "model '" + name
                    + "' is not in the catalog (models: " + String.join(", ",
                    catalog.models().stream().map(CatalogModel::id).toList()) + ")"));
            Integer maxTokens = null;
            if (map.get("max_tokens") != null) {
                maxTokens = (int) integer(map.get("max_tokens"), "max_tokens", 1, Integer.MAX_VALUE);
                if (maxTokens >= model.contextWindow()) {
                    throw error(map.get("max_tokens"), "max_tokens " + maxTokens + " does not fit " + model.id()
                            + "'s context window of " + model.contextWindow());
                }
            }
            Acceptance acceptance = map.get("accept") == null
                    ? new Acceptance(Acceptance.DEFAULT_THRESHOLD, Acceptance.DEFAULT_SCORERS, null)
                    : acceptance(map.get("accept"), where + " accept");
            Double minPreScore = null;
            if (map.get("min_pre_score") != null) {
                if (preRouter == null) {
                    throw error(map.get("min_pre_score"), "min_pre_score needs a pre_router (a model from "
                            + "llmpool route train) at the top of the file");
                }
                minPreScore = number(map.get("min_pre_score"), "min_pre_score");
                if (minPreScore < 0 || minPreScore > 1) {
                    throw error(map.get("min_pre_score"), "min_pre_score must be between 0 and 1, not " + minPreScore);
                }
            }
            return new Tier(model.id(), maxTokens, acceptance, minPreScore);
        }

        Acceptance acceptance(YamlNode node, String where) {
            YMap map = map(node, where);
            keys(map, ACCEPT, where);
            double threshold = Acceptance.DEFAULT_THRESHOLD;
            if (map.get("threshold") != null) {
                threshold = number(map.get("threshold"), "threshold");
                if (threshold < 0 || threshold > 1) {
                    throw error(map.get("threshold"), "threshold must be between 0 and 1, not " + threshold);
                }
            }
            Pattern expected = null;
            if (map.get("expected_pattern") != null) {
                expected = regex(map.get("expected_pattern"), "expected_pattern");
            }
            List<ScorerSpec> scorers;
            if (map.get("scorers") == null) {
                scorers = new ArrayList<>(Acceptance.DEFAULT_SCORERS);
                if (expected != null) {
                    scorers.add(ScorerSpec.of(ScorerKind.PATTERN));
                }
            } else {
                scorers = scorers(map.get("scorers"));
                boolean listsPattern = scorers.stream().anyMatch(s -> s.kind() == ScorerKind.PATTERN);
                if (listsPattern && expected == null) {
                    throw error(map.get("scorers"), "the pattern scorer needs an expected_pattern");
                }
                if (!listsPattern && expected != null) {
                    throw error(map.get("expected_pattern"), "expected_pattern is set but the pattern scorer "
                            + "is not listed");
                }
            }
            return new Acceptance(threshold, scorers, expected);
        }

        List<ScorerSpec> scorers(YamlNode node) {
            List<ScorerSpec> specs = new ArrayList<>();
            if (node instanceof YSeq seq) {
                for (YamlNode item : seq.items()) {
                    specs.add(new ScorerSpec(kind(item, string(item, "scorer")), 1, Map.of()));
                }
            } else {
                for (var entry : map(node, "scorers").entries().entrySet()) {
                    YamlNode value = entry.getValue();
                    if (value == null) {
                        throw error(((YMap) node).keyLine(entry.getKey()),
                                "scorer " + entry.getKey() + " needs a weight");
                    }
                    ScorerKind kind = kind(value, entry.getKey());
                    if (value instanceof YMap options) {
                        keys(options, SCORER, "scorer " + entry.getKey());
                        double weight = options.get("weight") == null ? 1 : number(options.get("weight"), "weight");
                        Map<String, Object> params = new HashMap<>();
                        if (options.get("use") != null) {
                            String use = string(options.get("use"), "use");
                            if (kind != ScorerKind.LOGPROB || !Set.of("mean", "min").contains(use)) {
                                throw error(options.get("use"), "use is for the logprob scorer: mean or min");
                            }
                            params.put("use", use);
                        }
                        if (options.get("model") != null) {
                            YamlNode modelNode = options.get("model");
                            if (kind != ScorerKind.JUDGE) {
                                throw error(modelNode, "model is for the judge scorer");
                            }
                            String name = string(modelNode, "model");
                            params.put("model", catalog.resolve(name).map(CatalogModel::id).orElseThrow(() ->
                                    error(modelNode, "judge model '" + name + "' is not in the catalog")));
                        }
                        extractor(options, kind, entry.getKey()).ifPresent(e -> params.put("extract", e));
                        specs.add(new ScorerSpec(kind, weight(options, weight), params));
                    } else {
                        specs.add(new ScorerSpec(kind, weight(value, number(value, "weight")), Map.of()));
                    }
                }
            }
            if (specs.isEmpty()) {
                throw error(node, "scorers is empty");
            }
            return specs;
        }

        /** The {@code agreement} scorer's {@code extract} option, with its {@code pattern} or {@code field}. */
        Optional<AnswerExtractor> extractor(YMap options, ScorerKind kind, String scorer) {
            YamlNode node = options.get("extract");
            for (String needing : List.of("pattern", "field")) {
                if (options.get(needing) != null && node == null) {
                    throw error(options.get(needing), needing + " goes with extract (scorer " + scorer + ")");
                }
            }
            if (node == null) {
                return Optional.empty();
            }
            if (kind != ScorerKind.AGREEMENT) {
                throw error(node, "extract is for the agreement scorer");
            }
            String name = string(node, "extract");
            AnswerExtractor extractor = switch (name) {
                case "text" -> new AnswerExtractor.Text();
                case "last_number" -> new AnswerExtractor.LastNumber();
                case "choice" -> new AnswerExtractor.Choice();
                case "regex" -> new AnswerExtractor.Regex(regex(required(options, "pattern", "extract: regex"),
                        "pattern"));
                case "json_field" -> new AnswerExtractor.JsonField(string(required(options, "field",
                        "extract: json_field"), "field"));
                default -> throw error(node, "extract must be one of " + String.join(", ", AnswerExtractor.NAMES)
                        + ", not '" + name + "'");
            };
            for (String option : List.of("pattern", "field")) {
                boolean wanted = name.equals("regex") && option.equals("pattern")
                        || name.equals("json_field") && option.equals("field");
                if (!wanted && options.get(option) != null) {
                    throw error(options.get(option), option + " does not go with extract: " + name);
                }
            }
            return Optional.of(extractor);
        }

        double weight(YamlNode at, double weight) {
            if (weight < 0) {
                throw error(at, "a scorer's weight must not be negative");
            }
            return weight;
        }

        ScorerKind kind(YamlNode at, String name) {
            return ScorerKind.parse(name).orElseThrow(() -> error(at, "unknown scorer '" + name + "' (scorers: "
                    + String.join(", ", ScorerKind.names()) + ")"));
        }

        List<Rule> rules(YamlNode node, Map<String, Route> routes) {
            List<Rule> rules = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            Rule catchAll = null;
            for (YamlNode item : seq(node, "rules").items()) {
                String where = "rule " + (rules.size() + 1);
                YMap map = map(item, where);
                keys(map, RULE, where);
                String name = map.get("name") == null ? "rule-" + (rules.size() + 1) : string(map.get("name"), "name");
                if (!names.add(name)) {
                    throw error(item, "rule name '" + name + "' is used twice");
                }
                YamlNode routeNode = required(map, "route", "rule " + name);
                String route = string(routeNode, "route");
                if (!routes.containsKey(route)) {
                    throw error(routeNode, "rule " + name + " names route '" + route + "', which is not defined "
                            + "(routes: " + String.join(", ", routes.keySet()) + ")");
                }
                if (catchAll != null) {
                    throw error(item, "rule " + name + " can never match: rule " + catchAll.name() + " (line "
                            + catchAll.line() + ") matches every request");
                }
                Condition when = map.get("when") == null ? new Condition.Always() : condition(map.get("when"));
                Rule rule = new Rule(name, when, route, item.line());
                if (when instanceof Condition.Always) {
                    catchAll = rule;
                }
                rules.add(rule);
            }
            return rules;
        }

        Condition condition(YamlNode node) {
            YMap map = map(node, "a condition");
            for (String combinator : List.of("all", "and", "any", "or")) {
                if (map.get(combinator) != null) {
                    only(map, combinator);
                    List<Condition> parts = new ArrayList<>();
                    YSeq list = seq(map.get(combinator), combinator);
                    if (list.items().isEmpty()) {
                        throw error(list, combinator + " needs at least one condition");
                    }
                    list.items().forEach(part -> parts.add(condition(part)));
                    return combinator.equals("all") || combinator.equals("and")
                            ? new Condition.All(parts) : new Condition.Any(parts);
                }
            }
            if (map.get("not") != null) {
                only(map, "not");
                return new Condition.Not(condition(map.get("not")));
            }
            YamlNode fieldNode = map.get("field");
            if (fieldNode == null) {
                throw error(node, "a condition needs 'field' and one of " + String.join(", ", OPERATORS)
                        + ", or all/and, any/or, not");
            }
            String field = string(fieldNode, "field");
            if (field.equals("pre_score") && preRouter == null) {
                throw error(fieldNode, "pre_score needs a pre_router (a model from llmpool route train) at the top "
                        + "of the file");
            }
            if (!Features.knows(field)) {
                throw error(fieldNode, "unknown field '" + field + "' (fields: " + String.join(", ", Features.FIELDS)
                        + ", metadata.<key>)");
            }
            List<String> ops = map.entries().keySet().stream().filter(k -> !k.equals("field")).toList();
            if (ops.size() != 1 || !OPERATORS.contains(ops.getFirst())) {
                throw error(node, "a condition on '" + field + "' needs exactly one of " + String.join(", ", OPERATORS)
                        + (ops.isEmpty() ? "" : ", found " + String.join(", ", ops)));
            }
            String op = ops.getFirst();
            YamlNode value = map.get(op);
            if (value == null) {
                throw error(map.keyLine(op), op + " needs a value");
            }
            return switch (op) {
                case "eq" -> new Condition.Eq(field, scalar(value, "eq"));
                case "in" -> {
                    List<Object> values = new ArrayList<>();
                    YSeq list = seq(value, "in");
                    list.items().forEach(v -> values.add(scalar(v, "in")));
                    yield new Condition.In(field, values);
                }
                case "gt" -> new Condition.Gt(field, number(value, "gt"));
                case "lt" -> new Condition.Lt(field, number(value, "lt"));
                case "regex" -> new Condition.Regex(field, regex(value, "regex"));
                case "exists" -> {
                    if (!(scalar(value, "exists") instanceof Boolean b)) {
                        throw error(value, "exists must be true or false");
                    }
                    yield new Condition.Exists(field, b);
                }
                default -> throw new IllegalStateException(op);
            };
        }
    }
}
