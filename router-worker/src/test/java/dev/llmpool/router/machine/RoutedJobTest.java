package dev.llmpool.router.machine;

import static dev.llmpool.router.machine.Jobs.CATALOG;
import static dev.llmpool.router.machine.Jobs.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.router.policy.escalation.TenantBudget;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.rules.RoutingRules;
import dev.llmpool.router.policy.rules.RulesParser;
import dev.llmpool.router.policy.rules.RulesVersion;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Jobs that name a route: the first tier, judging each answer, climbing, returning the best, refusing, caching. */
class RoutedJobTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final TokenCounter TOKENS = new TokenCounter();
    private static final RoutingLimits LIMITS = new RoutingLimits(4, 2, Duration.ofSeconds(120), Duration.ofHours(1));

    /**
     * ladder: alpha (p1, paid, 1000-token window; judged on finish reason, refusal and mean logprob) then delta
     * (p2, free). judged: alpha judged by gamma (p2) with a yes/no question, then delta. capped: the same tiers
     * under a cost cap too small for alpha. A metadata task picks capped.
     */
    static final RoutingRules RULES = new RulesParser(CATALOG).parse("""
            auto_aliases: [auto]
            default_route: ladder
            routes:
              ladder:
                aliases: [climb]
                tiers:
                  - model: alpha
                    max_tokens: 100
                    accept:
                      threshold: 0.6
                      scorers: [finish_reason, refusal, logprob]
                  - model: delta
              judged:
                aliases: [judged]
                tiers:
                  - model: alpha
                    accept:
                      threshold: 0.6
                      scorers: {finish_reason: 1, judge: {weight: 1, model: gamma}}
                  - model: delta
              capped:
                max_cost_usd: 0.0000001
                tiers:
                  - model: alpha
                    max_tokens: 100
                  - model: delta
            rules:
              - name: cheap
                when: {field: task, eq: capped}
                route: capped
            """, "test-rules.yml");

    private final CacheKeys cacheKeys = new CacheKeys(JSON);
    private final RouterStateMachine machine = machine(LIMITS);

    private RouterStateMachine machine(RoutingLimits limits) {
        return new RouterStateMachine(limits, cacheKeys, new Ladder(() -> new RulesVersion("test", RULES), TOKENS,
                TenantBudget.UNLIMITED, JSON));
    }

    private static JobRequest job(String id, String model, boolean stream, Map<String, String> metadata) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model(model)
                .messages(List.of(ChatMessage.of("user", "Say hello"))).temperature(0.7).stream(stream ? true : null)
                .build();
        return JobRequest.builder().correlationId(id).tenant("acme").createdAt(NOW).priority(Priority.INTERACTIVE)
                .model(model).body(body).metadata(metadata).build();
    }

    private static JobRequest cacheable(String id) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model("auto")
                .messages(List.of(ChatMessage.of("user", "Say hello"))).temperature(0.0).build();
        return JobRequest.builder().correlationId(id).tenant("acme").createdAt(NOW).priority(Priority.INTERACTIVE)
                .model("auto").body(body).cache(CacheControl.AUTO).metadata(Map.of()).build();
    }

    private static ChatCompletion answer(String text, String finishReason, String logprobsJson) {
        JsonNode logprobs = logprobsJson == null ? null : JSON.readTree(logprobsJson);
        return new ChatCompletion("chatcmpl-1", ChatCompletion.OBJECT, 1_790_000_000L, "upstream",
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant(text, null, null), logprobs, finishReason)),
                Usage.of(20, 10), null);
    }

    private static final String CONFIDENT = "{\"content\":[{\"token\":\"Hi\",\"logprob\":-0.01}]}";
    private static final String UNSURE = "{\"content\":[{\"token\":\"Hi\",\"logprob\":-2.0}]}";

    private static AttemptOutcome answered(String id, int attempt, String model, ChatCompletion completion) {
        return AttemptOutcome.builder().attemptId(id + ":" + attempt).correlationId(id).attempt(attempt)
                .provider("p1").model(model).succeeded(true).completion(completion).latencyMs(100)
                .timeToFirstTokenMs(40L).workerId("worker-1").finishedAt(NOW).build();
    }

    private static AttemptOutcome errored(String id, int attempt, String model, ErrorClass error) {
        return AttemptOutcome.builder().attemptId(id + ":" + attempt).correlationId(id).attempt(attempt)
                .provider("p1").model(model)
                .error(new AttemptError(error, "upstream said no", 503, null, "server_error")).latencyMs(80)
                .workerId("worker-1").finishedAt(NOW).build();
    }

    private Transition receive(JobRequest job) {
        return machine.decide(new RouterEvent.JobReceived(job, "{}", null, JobStatus.QUEUED), null, CATALOG, NOW);
    }

    private Transition outcome(RouterStateMachine m, RouteState state, JobRequest job, AttemptOutcome outcome) {
        return m.decide(new RouterEvent.OutcomeReceived(job, outcome, null), state, CATALOG, NOW.plusSeconds(1));
    }

    private Transition outcome(RouteState state, JobRequest job, AttemptOutcome outcome) {
        return outcome(machine, state, job, outcome);
    }

    private static AttemptRequest published(Transition decision) {
        List<Effect.PublishAttempt> published = decision.effects(Effect.PublishAttempt.class);
        assertThat(published).hasSize(1);
        return published.getFirst().request();
    }

    private static JobResult result(Transition decision) {
        List<Effect.Finalize> finals = decision.effects(Effect.Finalize.class);
        assertThat(finals).hasSize(1);
        return finals.getFirst().result();
    }

    private static <T extends Effect> List<T> stored(Transition decision, Class<T> type) {
        return decision.effects(Effect.Finalize.class).getFirst().onStored().stream().filter(type::isInstance)
                .map(type::cast).toList();
    }

    @Test
    void anAutoJobRunsTheFirstTierOfTheRouteTheRulesChoseWithItsCapLogprobsAndNoStreaming() {
        Transition decision = receive(job("r-1", "auto", true, Map.of()));

        AttemptRequest attempt = published(decision);
        assertThat(attempt.model()).isEqualTo("alpha");
        assertThat(attempt.body().model()).isEqualTo("alpha-2026");
        assertThat(attempt.body().completionCap()).isEqualTo(100);
        assertThat(attempt.body().logprobs()).as("the tier scores logprobs").isTrue();
        assertThat(attempt.streamTokens()).as("a higher tier may replace this answer").isFalse();
        RouteTrack track = decision.state().routing();
        assertThat(track.route()).isEqualTo("ladder");
        assertThat(track.matchedBy()).isEqualTo("default");
        assertThat(decision.state().model()).isEqualTo("alpha");
    }

    @Test
    void aPinnedModelDoesNotTakeARoute() {
        Transition decision = receive(job("r-2", "alpha", false, Map.of()));

        assertThat(decision.state().routing()).isNull();
        assertThat(published(decision).body().completionCap()).isNull();
        assertThat(published(decision).body().logprobs()).isNull();
    }

    @Test
    void aConfidentAnswerIsAcceptedWithTheDecisionTraceOnTheResult() {
        JobRequest job = job("r-3", "climb", false, Map.of());
        RouteState first = receive(job).state();

        Transition done = outcome(first, job, answered("r-3", 1, "alpha", answer("Hello", "stop", CONFIDENT)));

        JobResult result = result(done);
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.model()).isEqualTo("alpha");
        assertThat(result.response().choices().getFirst().message().text()).isEqualTo("Hello");
        assertThat(result.routing().get("route").asString()).isEqualTo("ladder");
        assertThat(result.routing().get("matched_by").asString()).isEqualTo("alias climb");
        assertThat(result.routing().get("outcome").asString()).isEqualTo("accepted");
        assertThat(result.routing().get("summary").asString()).startsWith("route=ladder; by=alias:climb; tiers=alpha:");
        assertThat(done.state().phase()).isEqualTo(RoutePhase.COMPLETED);
        assertThat(done.effects(Effect.PublishAttempt.class)).isEmpty();
    }

    @Test
    void anUnsureAnswerClimbsToTheNextTierWhichStreamsAndAnswers() {
        JobRequest job = job("r-4", "auto", true, Map.of());
        RouteState first = receive(job).state();

        Transition climb = outcome(first, job, answered("r-4", 1, "alpha", answer("Hm", "stop", UNSURE)));

        AttemptRequest second = published(climb);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.model()).isEqualTo("delta");
        assertThat(second.provider()).isEqualTo("p2");
        assertThat(second.streamTokens()).as("the last tier streams to the client").isTrue();
        assertThat(second.body().logprobs()).isNull();
        assertThat(climb.effects(Effect.Finalize.class)).isEmpty();
        assertThat(climb.state().routing().position()).isEqualTo(1);
        assertThat(climb.state().routing().answers()).hasSize(1);

        Transition done = outcome(climb.state(), job, answered("r-4", 2, "delta", answer("Hello there", "stop", null)));

        JobResult result = result(done);
        assertThat(result.model()).isEqualTo("delta");
        assertThat(result.provider()).isEqualTo("p2");
        assertThat(result.attempts()).hasSize(2);
        assertThat(result.routing().get("outcome").asString()).isEqualTo("accepted");
        assertThat(result.routing().get("attempts").size()).isEqualTo(2);
        assertThat(result.routing().get("final_model").asString()).isEqualTo("delta");
    }

    @Test
    void whenTheHigherTierHardFailsTheBetterLowerAnswerIsReturned() {
        JobRequest job = job("r-5", "auto", false, Map.of());
        RouteState first = receive(job).state();
        RouteState climbed = outcome(first, job, answered("r-5", 1, "alpha", answer("Hm", "stop", UNSURE))).state();

        Transition done = outcome(climbed, job, answered("r-5", 2, "delta", answer("Hello th", "length", null)));

        JobResult result = result(done);
        assertThat(result.model()).isEqualTo("alpha");
        assertThat(result.response().choices().getFirst().message().text()).isEqualTo("Hm");
        assertThat(result.routing().get("outcome").asString()).isEqualTo("returned_best");
    }

    @Test
    void aTierWhoseProviderIsDownCountsAsFailedAndTheNextTierRuns() {
        JobRequest job = job("r-6", "auto", false, Map.of());
        RouteState first = receive(job).state();

        Transition climb = outcome(first, job, errored("r-6", 1, "alpha", ErrorClass.CIRCUIT_OPEN));

        assertThat(published(climb).model()).isEqualTo("delta");
        assertThat(climb.state().routing().answers().getFirst().failure()).startsWith("circuit_open");

        Transition done = outcome(climb.state(), job, answered("r-6", 2, "delta", answer("Hello", "stop", null)));
        assertThat(result(done).model()).isEqualTo("delta");
        assertThat(result(done).status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void aBadRequestFailsTheJobWithoutClimbing() {
        JobRequest job = job("r-7", "auto", false, Map.of());
        RouteState first = receive(job).state();

        Transition done = outcome(first, job, errored("r-7", 1, "alpha", ErrorClass.BAD_REQUEST));

        assertThat(done.effects(Effect.PublishAttempt.class)).isEmpty();
        assertThat(result(done).status()).isEqualTo(JobStatus.FAILED);
        assertThat(result(done).error().type()).isEqualTo(ErrorClass.BAD_REQUEST.openAiType());
    }

    @Test
    void whenEveryTierFailsTheJobFailsWithTheLastError() {
        JobRequest job = job("r-8", "auto", false, Map.of());
        RouteState first = receive(job).state();
        RouteState climbed = outcome(first, job, errored("r-8", 1, "alpha", ErrorClass.CIRCUIT_OPEN)).state();

        Transition done = outcome(climbed, job, errored("r-8", 2, "delta", ErrorClass.CIRCUIT_OPEN));

        JobResult result = result(done);
        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.error().code()).isEqualTo(ErrorClass.CIRCUIT_OPEN.code());
        assertThat(result.routing().get("outcome").asString()).isEqualTo("failed");
        assertThat(stored(done, Effect.DeadLetterJob.class)).hasSize(1);
    }

    @Test
    void aCostCapThatCannotPayForTheFirstTierRefusesTheJob() {
        Transition decision = receive(job("r-9", "auto", false, Map.of("task", "capped")));

        assertThat(decision.effects(Effect.PublishAttempt.class)).isEmpty();
        JobResult result = result(decision);
        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.error().code()).isEqualTo(ErrorClass.BAD_REQUEST.code());
        assertThat(result.error().message()).contains("cost cap");
        assertThat(result.routing().get("outcome").asString()).isEqualTo("refused");
        assertThat(stored(decision, Effect.DeadLetterJob.class).getFirst().reason())
                .isEqualTo(DeadLetterReason.COST_CAP.header());
    }

    @Test
    void theAttemptLimitStopsTheClimbAndReturnsTheBestAnswerSoFar() {
        RouterStateMachine oneAttempt = machine(new RoutingLimits(1, 1, Duration.ofSeconds(120),
                Duration.ofHours(1)));
        JobRequest job = job("r-10", "auto", false, Map.of());
        RouteState first = oneAttempt.decide(new RouterEvent.JobReceived(job, "{}", null, JobStatus.QUEUED), null,
                CATALOG, NOW).state();

        Transition done = outcome(oneAttempt, first, job, answered("r-10", 1, "alpha", answer("Hm", "stop", UNSURE)));

        assertThat(done.effects(Effect.PublishAttempt.class)).isEmpty();
        assertThat(result(done).model()).isEqualTo("alpha");
        assertThat(result(done).routing().get("reason").asString()).contains("attempt limit");
    }

    @Test
    void aRoutedAnswerIsCachedUnderTheRouteNameAndACacheMissRunsTheFirstTier() {
        JobRequest job = cacheable("r-11");
        Transition lookup = receive(job);
        String key = cacheKeys.key(job.body(), "auto", job.tenant());
        assertThat(lookup.effects(Effect.LookupCache.class)).containsExactly(new Effect.LookupCache(job, key));
        assertThat(lookup.effects(Effect.PublishAttempt.class)).isEmpty();

        Transition miss = machine.decide(new RouterEvent.CacheChecked(job, key, null), lookup.state(), CATALOG, NOW);
        assertThat(published(miss).model()).isEqualTo("alpha");

        Transition done = outcome(miss.state(), job, answered("r-11", 1, "alpha", answer("Hello", "stop", CONFIDENT)));
        assertThat(stored(done, Effect.WriteCache.class)).extracting(Effect.WriteCache::key).containsExactly(key);
    }

    @Test
    void aCachedRoutedAnswerNamesTheModelThatGaveIt() {
        JobRequest job = cacheable("r-12");
        RouteState lookup = receive(job).state();
        ChatCompletion cached = new ChatCompletion("c", ChatCompletion.OBJECT, 1, "delta",
                answer("Hi", "stop", null).choices(), Usage.of(1, 1), null);

        Transition hit = machine.decide(new RouterEvent.CacheChecked(job, "k", cached), lookup, CATALOG, NOW);

        assertThat(result(hit).cached()).isTrue();
        assertThat(result(hit).model()).isEqualTo("delta");
    }

    @Test
    void theRoutedStateSurvivesItsJsonForm() {
        JobRequest job = job("r-13", "auto", false, Map.of());
        RouteState climbed = outcome(receive(job).state(), job,
                answered("r-13", 1, "alpha", answer("Hm", "stop", UNSURE))).state();

        RouteState read = JSON.fromJson(JSON.toJson(climbed), RouteState.class);

        assertThat(read).isEqualTo(climbed);
        Transition done = outcome(read, job, answered("r-13", 2, "delta", answer("Hello", "stop", null)));
        assertThat(result(done).model()).isEqualTo("delta");
    }

    @Test
    void theDeadlinePassingWithAnAnswerInHandReturnsItInsteadOfClimbing() {
        JobRequest job = job("r-14", "auto", false, Map.of());
        RouteState first = receive(job).state();
        Instant late = first.deadline().plusSeconds(1);

        Transition done = machine.decide(new RouterEvent.OutcomeReceived(job,
                answered("r-14", 1, "alpha", answer("Hm", "stop", UNSURE)), null), first, CATALOG, late);

        assertThat(done.effects(Effect.PublishAttempt.class)).isEmpty();
        assertThat(result(done).model()).isEqualTo("alpha");
        assertThat(result(done).routing().get("reason").asString()).contains("deadline");
    }

    @Test
    void aJudgedTiersAnswerIsPutToTheJudgeModelAsAYesNoQuestionFirst() {
        JobRequest job = job("j-1", "judged", true, Map.of());
        RouteState first = receive(job).state();

        Transition asking = outcome(first, job, answered("j-1", 1, "alpha", answer("Paris", "stop", null)));

        AttemptRequest judge = published(asking);
        assertThat(judge.attempt()).isEqualTo(2);
        assertThat(judge.model()).isEqualTo("gamma");
        assertThat(judge.provider()).isEqualTo("p2");
        assertThat(judge.streamTokens()).isFalse();
        assertThat(judge.body().model()).isEqualTo("gamma-2026");
        assertThat(judge.body().messages().getFirst().role()).isEqualTo("system");
        assertThat(judge.body().messages().getLast().text()).contains("<candidate_answer>\nParis\n</candidate_answer>")
                .contains("user: Say hello");
        assertThat(judge.body().temperature()).isZero();
        assertThat(asking.effects(Effect.Finalize.class)).isEmpty();
        assertThat(asking.state().routing().judging()).isEqualTo(2);
    }

    @Test
    void aJudgeSayingYesAcceptsTheAnswerAndItsCostCountsWithTheTier() {
        JobRequest job = job("j-2", "judged", false, Map.of());
        RouteState asking = outcome(receive(job).state(), job,
                answered("j-2", 1, "alpha", answer("Paris", "stop", null))).state();

        Transition done = outcome(asking, job, answered("j-2", 2, "gamma", answer("yes", "length", null)));

        JobResult result = result(done);
        assertThat(result.model()).isEqualTo("alpha");
        assertThat(result.response().choices().getFirst().message().text()).isEqualTo("Paris");
        assertThat(result.attempts()).extracting(a -> a.model()).containsExactly("alpha", "gamma");
        assertThat(result.routing().get("outcome").asString()).isEqualTo("accepted");
        assertThat(result.routing().at("/attempts/0/scores/1/scorer").asString()).isEqualTo("judge");
        assertThat(result.routing().at("/attempts/0/scores/1/value").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aJudgeSayingNoClimbsToTheNextTier() {
        JobRequest job = job("j-3", "judged", false, Map.of());
        RouteState asking = outcome(receive(job).state(), job,
                answered("j-3", 1, "alpha", answer("Lyon", "stop", null))).state();

        Transition climb = outcome(asking, job, answered("j-3", 2, "gamma", answer("No.", "stop", null)));

        AttemptRequest next = published(climb);
        assertThat(next.attempt()).isEqualTo(3);
        assertThat(next.model()).isEqualTo("delta");
        assertThat(climb.state().routing().judging()).isNull();
        assertThat(climb.state().routing().answers().getFirst().judgeScore()).isZero();

        Transition done = outcome(climb.state(), job, answered("j-3", 3, "delta", answer("Paris", "stop", null)));
        assertThat(result(done).model()).isEqualTo("delta");
    }

    @Test
    void aJudgeThatFailsHasNoOpinionAndTheOtherScoresDecide() {
        JobRequest job = job("j-4", "judged", false, Map.of());
        RouteState asking = outcome(receive(job).state(), job,
                answered("j-4", 1, "alpha", answer("Paris", "stop", null))).state();

        Transition done = outcome(asking, job, errored("j-4", 2, "gamma", ErrorClass.RATE_LIMITED));

        assertThat(done.effects(Effect.PublishAttempt.class)).as("the judge is not retried").isEmpty();
        assertThat(result(done).model()).isEqualTo("alpha");
        assertThat(result(done).routing().at("/attempts/0/scores/1/verdict").asString()).isEqualTo("abstain");
    }

    @Test
    void anAnswerTheOtherScorersFailIsNotPutToTheJudge() {
        JobRequest job = job("j-5", "judged", false, Map.of());

        Transition climb = outcome(receive(job).state(), job,
                answered("j-5", 1, "alpha", answer("Par", "length", null)));

        assertThat(published(climb).model()).isEqualTo("delta");
    }
}
