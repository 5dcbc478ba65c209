package dev.llmpool.router.machine;

import static dev.llmpool.router.machine.Jobs.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.catalog.ModelKind;
import dev.llmpool.core.catalog.Price;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.StringNode;

class EmbeddingsJobTest {

    private static final ModelCatalog CATALOG = new ModelCatalog(List.of(
            new CatalogModel("embed", "p1", "embed-v3", List.of(), 8191, new Price(0.02, 0), List.of(), null,
                    ModelKind.EMBEDDING, 8),
            new CatalogModel("chat", "p1", "chat-v1", List.of(), 1000, Price.FREE, List.of())));

    private final CacheKeys keys = new CacheKeys(new JsonCodec());
    private final RouterStateMachine machine = new RouterStateMachine(
            new RoutingLimits(4, 2, Duration.ofSeconds(120), Duration.ofHours(1)), keys);

    private static JobRequest job(String model) {
        return JobRequest.builder().correlationId("emb-1").createdAt(NOW).embeddings(new EmbeddingsRequest(model,
                StringNode.valueOf("a river"), 4, "base64", "u1")).build();
    }

    private static EmbeddingsResponse vectors() {
        return EmbeddingsResponse.of(List.of(EmbeddingsResponse.Embedding.of(0, List.of(0.5f, 0.5f, 0.5f, 0.5f))),
                "embed-v3", EmbeddingsResponse.EmbeddingsUsage.of(3));
    }

    private Transition receive(JobRequest job) {
        return machine.decide(new RouterEvent.JobReceived(job, "{}", null, null), null, CATALOG, NOW);
    }

    @Test
    void anEmbeddingsJobAsksTheCacheThenPublishesItsRequestAsFloatsToTheUpstreamModel() {
        JobRequest job = job("embed");
        Transition asked = receive(job);
        Effect.LookupCache lookup = asked.effects(Effect.LookupCache.class).getFirst();
        assertThat(lookup.key()).isEqualTo(keys.key(job.embeddings(), "embed"));

        Transition miss = machine.decide(new RouterEvent.CacheChecked(job, lookup.key(), null, null), asked.state(),
                CATALOG, NOW);
        AttemptRequest attempt = miss.effects(Effect.PublishAttempt.class).getFirst().request();
        assertThat(attempt.body()).isNull();
        assertThat(attempt.streamTokens()).isFalse();
        assertThat(attempt.embeddings().model()).isEqualTo("embed-v3");
        assertThat(attempt.embeddings().encodingFormat()).isNull();
        assertThat(attempt.embeddings().dimensions()).isEqualTo(4);
    }

    @Test
    void itsAnswerCompletesTheJobPricedAndCachedUnderTheCatalogModel() {
        JobRequest job = job("embed");
        Transition asked = receive(job);
        Transition miss = machine.decide(new RouterEvent.CacheChecked(job, "k", null, null), asked.state(), CATALOG,
                NOW);
        AttemptOutcome answer = AttemptOutcome.builder().attemptId("emb-1:1").correlationId("emb-1").attempt(1)
                .provider("p1").model("embed").succeeded(true).embeddings(vectors()).latencyMs(5).build();

        Transition done = machine.decide(new RouterEvent.OutcomeReceived(job, answer, null), miss.state(), CATALOG,
                NOW);
        Effect.Finalize finalize = done.effects(Effect.Finalize.class).getFirst();
        JobResult result = finalize.result();
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.response()).isNull();
        assertThat(result.embeddings().model()).isEqualTo("embed");
        assertThat(result.attempts().getFirst().costUsd()).isEqualTo(3 * 0.02 / 1_000_000);
        Effect.WriteCache write = finalize.onStored().stream().filter(Effect.WriteCache.class::isInstance)
                .map(Effect.WriteCache.class::cast).findFirst().orElseThrow();
        assertThat(write.key()).isEqualTo(keys.key(job.embeddings(), "embed"));
        assertThat(write.embeddings()).isEqualTo(result.embeddings());
    }

    @Test
    void aCachedAnswerCompletesTheJobWithoutAnAttempt() {
        JobRequest job = job("embed");
        Transition asked = receive(job);
        Transition hit = machine.decide(new RouterEvent.CacheChecked(job, "k", null, vectors()), asked.state(),
                CATALOG, NOW);
        assertThat(hit.effects(Effect.PublishAttempt.class)).isEmpty();
        assertThat(hit.effects(Effect.Finalize.class).getFirst().result().cached()).isTrue();
    }

    @Test
    void aTransientFailureIsTriedAgainOnTheSameModel() {
        JobRequest job = job("embed");
        Transition miss = machine.decide(new RouterEvent.CacheChecked(job, "k", null, null), receive(job).state(),
                CATALOG, NOW);
        AttemptOutcome failed = AttemptOutcome.builder().attemptId("emb-1:1").correlationId("emb-1").attempt(1)
                .provider("p1").model("embed").error(new AttemptError(ErrorClass.TRANSIENT, "502", 502, null, null))
                .latencyMs(5).build();
        Transition next = machine.decide(new RouterEvent.OutcomeReceived(job, failed, null), miss.state(), CATALOG,
                NOW);
        AttemptRequest again = next.effects(Effect.PublishAttempt.class).getFirst().request();
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.embeddings()).isNotNull();
    }

    @Test
    void aChatModelCannotEmbedNorAnEmbeddingModelChat() {
        Transition embedWithChat = receive(job("chat"));
        assertThat(embedWithChat.effects(Effect.Finalize.class).getFirst().result().error().errorClass())
                .isEqualTo(ErrorClass.BAD_REQUEST);

        Transition chatWithEmbed = receive(Jobs.job("chat-2", "embed"));
        assertThat(chatWithEmbed.effects(Effect.Finalize.class).getFirst().result().error().message())
                .contains("is an embedding model");
    }
}
