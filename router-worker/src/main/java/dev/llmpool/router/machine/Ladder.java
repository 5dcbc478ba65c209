package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.router.policy.escalation.Attempt;
import dev.llmpool.router.policy.escalation.CostModel;
import dev.llmpool.router.policy.escalation.Decision;
import dev.llmpool.router.policy.escalation.DecisionTrace;
import dev.llmpool.router.policy.escalation.EscalationPolicy;
import dev.llmpool.router.policy.escalation.TenantBudget;
import dev.llmpool.router.policy.features.FeatureExtractor;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.features.RequestContext;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.rules.PlannedTier;
import dev.llmpool.router.policy.rules.RoutePlan;
import dev.llmpool.router.policy.rules.RouteSelection;
import dev.llmpool.router.policy.rules.RouteSelector;
import dev.llmpool.router.policy.rules.RulesSource;
import dev.llmpool.router.policy.rules.RulesVersion;
import dev.llmpool.router.policy.scoring.AnswerScorer;
import dev.llmpool.router.policy.scoring.Candidate;
import dev.llmpool.router.policy.scoring.JudgePrompt;
import dev.llmpool.router.policy.scoring.Judgement;
import dev.llmpool.router.policy.scoring.ScorerKind;
import dev.llmpool.router.policy.scoring.ScoringContext;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Content-based routing and confidence escalation for the state machine: which route a job takes, which tier runs
 * first, and after each tier ends (answered, or failed past its retries and fallbacks) whether to accept, climb to
 * the next tier or return the best answer so far. It wires the policy core ({@link RouteSelector},
 * {@link AnswerScorer}, {@link EscalationPolicy}) to the job's {@link RouteTrack}; the plan is derived again from the
 * request at every step, so nothing but the answers needs storing. Pure: reading the rules in force is the only
 * outside input.
 *
 * <p>Only a job whose requested name is a route (an auto alias such as {@code auto}, or a route's alias) takes this
 * path; a model named by its catalog id or alias is a pin and runs as before, without features or scoring.
 */
public final class Ladder {

    /** Errors after which the next tier is not tried: no model will take the request. */
    private static final List<ErrorClass> FINAL = List.of(ErrorClass.BAD_REQUEST, ErrorClass.DEADLINE_EXCEEDED);

    private final RulesSource rules;
    private final FeatureExtractor extractor;
    private final RouteSelector selector = new RouteSelector();
    private final AnswerScorer scorer = new AnswerScorer();
    private final CostModel costs;
    private final EscalationPolicy policy;
    private final JsonCodec codec;

    /**
     * @param rules  the rules in force and the versions jobs still run on (read at every step, from memory)
     * @param budget what each tenant may still spend (from memory, never I/O)
     */
    public Ladder(RulesSource rules, TokenCounter tokens, TenantBudget budget, JsonCodec codec) {
        this.rules = rules;
        this.codec = codec;
        this.extractor = new FeatureExtractor(tokens);
        this.costs = new CostModel(tokens);
        this.policy = new EscalationPolicy(budget);
    }

    /** No routes: every requested name is a model. */
    public static Ladder none() {
        return new Ladder(() -> null, null, TenantBudget.UNLIMITED, null);
    }

    /** Whether the job names a route rather than a model. */
    public boolean routes(JobRequest request) {
        RulesVersion current = rules.current();
        return current != null && current.rules().isRoute(request.requestedModel());
    }

    /** A new job's features and the route the rules in force select, or why there is none. */
    public Routed route(JobRequest request, ModelCatalog catalog) {
        return route(request, catalog, rules.current());
    }

    /**
     * A job's features and its route under the rules version its {@code track} started on, so a reload mid-job does
     * not change its plan; when that version is no longer held (a restart, or more than a few reloads since), the
     * rules in force, which the caller checks with {@link #same}.
     */
    public Routed route(JobRequest request, ModelCatalog catalog, RouteTrack track) {
        RulesVersion current = rules.current();
        RulesVersion version = track == null || track.rules() == null ? current
                : rules.version(track.rules()).orElse(current);
        return route(request, catalog, version);
    }

    private Routed route(JobRequest request, ModelCatalog catalog, RulesVersion version) {
        Features features = extractor.extract(request.body(), RequestContext.of(request), version.rules());
        return new Routed(features, selector.select(features, version.rules(), catalog), version.id());
    }

    /**
     * A job's features and its route.
     *
     * @param rules the id of the rules version that planned it
     */
    public record Routed(Features features, RouteSelection selection, String rules) {
    }

    /** What comes next on the ladder. */
    public sealed interface Step {
    }

    /**
     * Run the tier at {@code position}.
     *
     * @param maxTokens the completion cap to send, or null to leave the request's
     * @param streams   whether this tier's tokens go to the client as they arrive: only on the last tier the job can
     *                  reach, since a lower tier's answer may be replaced by a higher one
     */
    public record Run(int position, PlannedTier tier, Integer maxTokens, boolean streams, DecisionTrace trace)
            implements Step {
    }

    /**
     * Return the answer of the tier tried {@code answer}-th (an index into {@link RouteTrack#answers()}).
     *
     * @param cacheable false when every answer hard-failed (the one returned is the last, as it is)
     */
    public record Answer(int answer, boolean cacheable, DecisionTrace trace) implements Step {
    }

    /** No tier can run, or none answered: the job fails. */
    public record Stop(DecisionTrace trace) implements Step {
    }

    /** The first tier, or a refusal when the cost cap or budget cannot pay even for it. */
    public Step first(Routed routed, RoutePlan plan, boolean streamRequested) {
        Decision decision = policy.decide(plan, routed.features(), List.of());
        return next(decision, plan, 0, streamRequested);
    }

    /**
     * After the current tier ended (its answer or failure is the last of {@code track}).
     *
     * @param attemptsLeft whether the job's attempt limit allows another attempt
     * @param streamed     the last answer was streamed to the client (it is returned as it is)
     * @param catalog      for the price of the model that answered
     */
    public Step after(Routed routed, RoutePlan plan, RouteTrack track, boolean attemptsLeft, boolean streamed,
                      boolean streamRequested, ModelCatalog catalog) {
        List<Attempt> attempts = attempts(routed.features(), plan, track, catalog);
        if (streamed) {
            Decision.ReturnBest kept = policy.keepLast(plan, attempts, "the answer was already streamed to the client");
            return new Answer(kept.attempt(), !kept.allHardFailed(), kept.trace());
        }
        Decision decision = policy.decide(plan, routed.features(), attempts);
        if (decision instanceof Decision.Dispatch dispatch && !attemptsLeft) {
            decision = policy.stop(plan, attempts, dispatch.trace().reason() + "; but the job's attempt limit is reached");
        }
        return next(decision, plan, attempts.size(), streamRequested);
    }

    /**
     * A judge model to ask about the last answer: when its tier's acceptance has a {@code judge} scorer naming a
     * catalog model, the answer has no verdict yet and its other scorers did not already fail it.
     *
     * @param body the request the answer answered
     */
    public Optional<Judge> judge(Routed routed, RoutePlan plan, RouteTrack track, ChatCompletionRequest body,
                                 ModelCatalog catalog) {
        TierAnswer last = track.answers().getLast();
        if (last.completion() == null || last.judgeCost() != null) {
            return Optional.empty();
        }
        PlannedTier tier = plan.tier(last.position());
        Optional<CatalogModel> judge = tier.acceptance().scorers().stream()
                .filter(spec -> spec.kind() == ScorerKind.JUDGE)
                .map(spec -> spec.param("model", null)).filter(Objects::nonNull).findFirst()
                .flatMap(catalog::resolve);
        if (judge.isEmpty() || attempts(routed.features(), plan, track, catalog).getLast().judgement().hardFailed()) {
            return Optional.empty();
        }
        String answer = Candidate.of(last.completion()).content();
        return Optional.of(new Judge(judge.get(), JudgePrompt.build(body, answer, judge.get().upstream())));
    }

    /** A judge model and the yes/no question it is asked. */
    public record Judge(CatalogModel model, ChatCompletionRequest body) {
    }

    /** After the deadline passed with answers in hand: the best of them. */
    public Answer best(Routed routed, RoutePlan plan, RouteTrack track, String why, ModelCatalog catalog) {
        Decision.ReturnBest best = policy.stop(plan, attempts(routed.features(), plan, track, catalog), why);
        return new Answer(best.attempt(), !best.allHardFailed(), best.trace());
    }

    /** Whether the next tier may help after a tier failed with {@code error}. */
    public static boolean climbsAfter(ErrorClass error, int streamedChunks) {
        return streamedChunks == 0 && !FINAL.contains(error);
    }

    /**
     * Whether {@code plan} is still the plan {@code track} was running. Always so while the job's rules version is
     * held; when it is not (see {@link #route(JobRequest, ModelCatalog, RouteTrack)}) the rules in force may name
     * another route or fewer tiers.
     */
    public static boolean same(RoutePlan plan, RouteTrack track) {
        return plan.route().equals(track.route()) && track.position() < plan.tiers().size()
                && track.answers().stream().allMatch(a -> a.position() < plan.tiers().size());
    }

    /** The track running {@code run}'s tier. */
    public static RouteTrack running(RouteTrack track, Run run) {
        return track.running(run.position(), run.maxTokens(), run.streams(),
                run.tier().acceptance().uses(ScorerKind.LOGPROB));
    }

    /** The trace as the job result carries it. */
    public JsonNode json(DecisionTrace trace) {
        return trace == null ? null : codec.tree(trace);
    }

    private Step next(Decision decision, RoutePlan plan, int tried, boolean streamRequested) {
        return switch (decision) {
            case Decision.Dispatch d -> new Run(d.position(), d.tier(), d.maxTokens(),
                    streamRequested && last(plan, d.position(), tried), d.trace());
            case Decision.Accept a -> new Answer(a.attempt(), true, a.trace());
            case Decision.ReturnBest b -> new Answer(b.attempt(), !b.allHardFailed(), b.trace());
            case Decision.Refuse r -> new Stop(r.trace());
        };
    }

    /** Whether the tier at {@code position}, tried as the ({@code tried}+1)-th, can be escalated from. */
    private static boolean last(RoutePlan plan, int position, int tried) {
        return position + 1 >= plan.tiers().size() || tried >= plan.maxEscalations();
    }

    private List<Attempt> attempts(Features features, RoutePlan plan, RouteTrack track, ModelCatalog catalog) {
        List<Attempt> attempts = new ArrayList<>();
        for (TierAnswer answer : track.answers()) {
            PlannedTier tier = plan.tier(answer.position());
            if (answer.completion() == null) {
                attempts.add(new Attempt(answer.position(), Candidate.text("", null),
                        Judgement.failed("error", answer.failure()), Usage.of(0, 0), false, 0));
                continue;
            }
            CatalogModel model = catalog.resolve(answer.model()).orElse(tier.model());
            Candidate candidate = Candidate.of(answer.completion()).withJudgeScore(answer.judgeScore());
            Judgement judgement = scorer.judge(candidate, new ScoringContext(features.jsonRequested(),
                    features.jsonSchema(), tier.acceptance()), plan.combination());
            Attempt priced = costs.attempt(answer.position(), model, candidate, judgement,
                    answer.completion().usage(), features);
            double judgeCost = answer.judgeCost() == null ? 0 : answer.judgeCost();
            attempts.add(new Attempt(priced.position(), priced.answer(), priced.judgement(), priced.usage(),
                    priced.usageEstimated(), priced.costUsd() + judgeCost));
        }
        return attempts;
    }
}
