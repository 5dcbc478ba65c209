package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.escalation.Attempt;
import dev.llmpool.router.policy.escalation.Decision;
import dev.llmpool.router.policy.escalation.DecisionTrace;
import dev.llmpool.router.policy.escalation.EscalationPolicy;
import dev.llmpool.router.policy.escalation.TenantBudget;
import dev.llmpool.router.policy.features.FeatureExtractor;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.features.RequestContext;
import dev.llmpool.router.policy.rules.PlannedTier;
import dev.llmpool.router.policy.rules.RoutePlan;
import dev.llmpool.router.policy.rules.RouteSelection;
import dev.llmpool.router.policy.rules.RouteSelector;
import dev.llmpool.router.policy.rules.RulesSource;
import dev.llmpool.router.policy.rules.RulesVersion;
import dev.llmpool.router.policy.scoring.JudgePrompt;
import dev.llmpool.router.policy.scoring.ScoredAnswer;
import dev.llmpool.router.policy.scoring.ScorerKind;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The route planner: which route a job takes, which tier runs first, and after each tier ends (answered, or failed
 * past its retries and fallbacks) whether to accept, climb to the next tier or return the best answer so far. It
 * wires the policy core ({@link RouteSelector}, {@link AnswerReview}, {@link EscalationPolicy}) to the job's
 * {@link RouteTrack}; the plan is derived again from the request at every step, so nothing but the answers needs
 * storing. Pure: reading the rules in force is the only outside input. {@link RoutedJob} carries its steps out.
 */
public final class Ladder {

    /** Errors after which the next tier is not tried: no model will take the request. */
    private static final List<ErrorClass> FINAL = List.of(ErrorClass.BAD_REQUEST, ErrorClass.DEADLINE_EXCEEDED,
            ErrorClass.CANCELLED);

    private final RulesSource rules;
    private final FeatureExtractor extractor;
    private final RouteSelector selector = new RouteSelector();
    private final AnswerReview review;
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
        this.review = new AnswerReview(tokens);
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

    /** A new job's route under the rules in force, or why there is none; {@code rules} names that version. */
    public record Routed(RouteSelection selection, String rules) {
    }

    public Routed route(JobRequest request, ModelCatalog catalog) {
        RulesVersion current = rules.current();
        return new Routed(select(request, catalog, current).selection(), current.id());
    }

    /**
     * A planned job's route as its later steps read it: the request's features and the plan.
     *
     * @param streamRequested whether the client asked for tokens as they arrive
     */
    public record PlannedRoute(Features features, RoutePlan plan, boolean streamRequested) {
    }

    /**
     * The job's plan again, on the rules version its {@code track} started on, so a reload mid-job does not change
     * it; when that version is no longer held (a restart, or more than a few reloads since), on the rules in force.
     * Empty when that plan no longer has the track's route and tiers.
     */
    public Optional<PlannedRoute> replan(JobRequest request, ModelCatalog catalog, RouteTrack track) {
        RulesVersion current = rules.current();
        RulesVersion version = track.rules() == null ? current : rules.version(track.rules()).orElse(current);
        Selected selected = select(request, catalog, version);
        return selected.selection() instanceof RouteSelection.Planned(RoutePlan plan) && same(plan, track)
                ? Optional.of(new PlannedRoute(selected.features(), plan, request.streamsTokens()))
                : Optional.empty();
    }

    /** The first tier, or a refusal when the cost cap or budget cannot pay even for it. */
    public LadderStep first(PlannedRoute route) {
        return next(policy.decide(route.plan(), route.features(), List.of()), route, 0);
    }

    /**
     * After the current tier ended (its answer or failure is the last of {@code track}).
     *
     * @param attemptsLeft whether the job's attempt limit allows another attempt
     * @param catalog      for the price of the models that answered
     */
    public LadderStep after(PlannedRoute route, RouteTrack track, boolean attemptsLeft, ModelCatalog catalog) {
        List<Attempt> attempts = review.review(route, track, catalog);
        Decision decision = policy.decide(route.plan(), route.features(), attempts);
        if (decision instanceof Decision.Dispatch dispatch && !attemptsLeft) {
            decision = policy.stop(route.plan(), attempts,
                    dispatch.trace().reason() + "; but the job's attempt limit is reached");
        }
        return next(decision, route, attempts.size());
    }

    /** The last answer was already streamed to the client: it is returned as it is. */
    public LadderStep.Answer streamed(PlannedRoute route, RouteTrack track, ModelCatalog catalog) {
        return answer(policy.keepLast(route.plan(), review.review(route, track, catalog),
                "the answer was already streamed to the client"));
    }

    /** After the deadline passed with answers in hand: the best of them. */
    public LadderStep.Answer best(PlannedRoute route, RouteTrack track, String why, ModelCatalog catalog) {
        return answer(policy.stop(route.plan(), review.review(route, track, catalog), why));
    }

    /** A judge model and the yes/no question it is asked. */
    public record Judge(CatalogModel model, ChatCompletionRequest body) {
    }

    /**
     * A judge model to ask about the last answer: when its tier's acceptance has a {@code judge} scorer naming a
     * catalog model, the answer has no verdict yet and its other scorers did not already fail it.
     *
     * @param body the request the answer answered
     */
    public Optional<Judge> judge(PlannedRoute route, RouteTrack track, ChatCompletionRequest body,
                                 ModelCatalog catalog) {
        TierAnswer last = track.answers().getLast();
        if (last.completion() == null || last.judgeCost() != null) {
            return Optional.empty();
        }
        PlannedTier tier = route.plan().tier(last.position());
        Optional<CatalogModel> judge = tier.acceptance().scorers().stream()
                .filter(spec -> spec.kind() == ScorerKind.JUDGE)
                .map(spec -> spec.param("model", null)).filter(Objects::nonNull).findFirst()
                .flatMap(catalog::resolve);
        if (judge.isEmpty() || review.review(route, track, catalog).getLast().judgement().hardFailed()) {
            return Optional.empty();
        }
        String answer = ScoredAnswer.of(last.completion()).content();
        return Optional.of(new Judge(judge.get(), JudgePrompt.build(body, answer, judge.get().upstream())));
    }

    /** Whether the next tier may help after a tier failed with {@code error}. */
    public static boolean climbsAfter(ErrorClass error, int streamedChunks) {
        return streamedChunks == 0 && !FINAL.contains(error);
    }

    /** The trace as the job result carries it. */
    public JsonNode json(DecisionTrace trace) {
        return trace == null ? null : codec.tree(trace);
    }

    private record Selected(Features features, RouteSelection selection) {
    }

    private Selected select(JobRequest request, ModelCatalog catalog, RulesVersion version) {
        Features features = extractor.extract(request.body(), RequestContext.of(request), version.rules());
        return new Selected(features, selector.select(features, version.rules(), catalog));
    }

    /** Whether {@code plan} still has the route and tiers {@code track} was running (see {@link #replan}). */
    private static boolean same(RoutePlan plan, RouteTrack track) {
        return plan.route().equals(track.route()) && track.position() < plan.tiers().size()
                && track.answers().stream().allMatch(a -> a.position() < plan.tiers().size());
    }

    private static LadderStep next(Decision decision, PlannedRoute route, int tried) {
        return switch (decision) {
            case Decision.Dispatch d -> new LadderStep.Run(d.position(), d.tier(), d.maxTokens(),
                    route.streamRequested() && last(route.plan(), d.position(), tried), d.trace());
            case Decision.Accept a -> new LadderStep.Answer(a.attempt(), true, a.trace());
            case Decision.ReturnBest b -> answer(b);
            case Decision.Refuse r -> new LadderStep.Stop(r.trace());
        };
    }

    private static LadderStep.Answer answer(Decision.ReturnBest best) {
        return new LadderStep.Answer(best.attempt(), !best.allHardFailed(), best.trace());
    }

    /** Whether the tier at {@code position}, tried as the ({@code tried}+1)-th, can be escalated from. */
    private static boolean last(RoutePlan plan, int position, int tried) {
        return position + 1 >= plan.tiers().size() || tried >= plan.maxEscalations();
    }
}
