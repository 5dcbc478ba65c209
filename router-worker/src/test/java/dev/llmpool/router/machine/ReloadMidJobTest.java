package dev.llmpool.router.machine;

import static dev.llmpool.router.machine.Jobs.CATALOG;
import static dev.llmpool.router.machine.Jobs.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.escalation.TenantBudget;
import dev.llmpool.router.policy.rules.RulesHolder;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules reloaded while a routed job runs: the job keeps the plan it started on, new jobs take the new rules. */
class ReloadMidJobTest {

    private static final JsonCodec JSON = new JsonCodec();

    /** Two tiers: alpha must finish with {@code stop}, else delta answers. */
    private static final String OLD = """
            default_route: ladder
            routes:
              ladder:
                tiers:
                  - model: alpha
                    accept:
                      threshold: 0.6
                      scorers: [finish_reason]
                  - model: delta
            """;

    /** The same route with alpha alone: whatever alpha says is the answer. */
    private static final String NEW = """
            default_route: ladder
            routes:
              ladder:
                tiers:
                  - model: alpha
            """;

    private final RulesHolder rules = new RulesHolder(OLD, "old.yml", CATALOG);
    private final RouterStateMachine machine = new RouterStateMachine(
            new RoutingLimits(4, 2, Duration.ofSeconds(120), Duration.ofHours(1)), new CacheKeys(JSON),
            new Ladder(rules, new TokenCounter(), TenantBudget.UNLIMITED, JSON));

    private static JobRequest job(String id) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model("auto")
                .messages(List.of(ChatMessage.of("user", "Say hello"))).temperature(0.7).build();
        return JobRequest.builder().correlationId(id).tenant("acme").createdAt(NOW).priority(Priority.INTERACTIVE)
                .model("auto").body(body).metadata(Map.of()).build();
    }

    private static AttemptOutcome truncated(String id, int attempt, String model) {
        ChatCompletion completion = new ChatCompletion("chatcmpl-1", ChatCompletion.OBJECT, 1_790_000_000L,
                "upstream", List.of(new ChatCompletion.Choice(0, ChatMessage.assistant("Hel", null, null), null,
                "length")), Usage.of(20, 10), null);
        return AttemptOutcome.builder().attemptId(id + ":" + attempt).correlationId(id).attempt(attempt)
                .provider("p1").model(model).succeeded(true).completion(completion).latencyMs(100)
                .timeToFirstTokenMs(40L).workerId("worker-1").finishedAt(NOW).build();
    }

    private Transition receive(JobRequest job) {
        return machine.decide(new RouterEvent.JobReceived(job, "{}", null, JobStatus.QUEUED), null, CATALOG, NOW);
    }

    private Transition outcome(RouteState state, JobRequest job, AttemptOutcome outcome) {
        return machine.decide(new RouterEvent.OutcomeReceived(job, outcome, null), state, CATALOG,
                NOW.plusSeconds(1));
    }

    @Test
    void aJobStartedBeforeAReloadKeepsItsPlanAndAJobAfterItTakesTheNewRules() {
        JobRequest before = job("m-1");
        RouteState first = receive(before).state();
        assertThat(first.routing().rules()).isEqualTo(rules.current().id());

        assertThat(rules.reload(NEW, "new.yml")).isEmpty();

        Transition climbed = outcome(first, before, truncated("m-1", 1, "alpha"));
        List<AttemptRequest> published = climbed.effects(Effect.PublishAttempt.class).stream()
                .map(Effect.PublishAttempt::request).toList();
        assertThat(published).as("the old plan's second tier still runs").singleElement()
                .satisfies(attempt -> assertThat(attempt.model()).isEqualTo("delta"));

        JobRequest after = job("m-2");
        RouteState fresh = receive(after).state();
        assertThat(fresh.routing().rules()).isEqualTo(rules.current().id()).isNotEqualTo(first.routing().rules());
        Transition done = outcome(fresh, after, truncated("m-2", 1, "alpha"));
        List<Effect.Finalize> finals = done.effects(Effect.Finalize.class);
        assertThat(finals).as("the new plan has one tier: its answer is final").singleElement();
        JobResult result = finals.getFirst().result();
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.model()).isEqualTo("alpha");
    }

    @Test
    void aJobWhoseVersionIsNoLongerHeldFollowsTheRulesInForceWhenTheyStillFitIt() {
        JobRequest job = job("m-3");
        RouteState first = receive(job).state();
        RouteState forgotten = first.withRouting(new RouteTrack(first.routing().route(), first.routing().matchedBy(),
                0, null, false, false, List.of(), null, "sha256:0000000000000000"));
        rules.reload(NEW, "new.yml");

        Transition done = outcome(forgotten, job, truncated("m-3", 1, "alpha"));

        assertThat(done.effects(Effect.Finalize.class)).singleElement()
                .satisfies(f -> assertThat(f.result().model()).isEqualTo("alpha"));
    }
}
