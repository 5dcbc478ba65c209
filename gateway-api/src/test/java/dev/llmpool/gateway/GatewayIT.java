package dev.llmpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.cache.ResultCache;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.StreamEntry;
import dev.llmpool.core.redis.StreamIds;
import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk.Delta;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import dev.llmpool.testing.KafkaProbe;
import dev.llmpool.testing.PoolInfra;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The gateway on a real Tomcat over real Kafka and Redis. There is no router here: each test plays it, reading the
 * JobRequest from {@code llm.requests} and writing the job's events and result through pool-core.
 */
@SpringBootTest(classes = GatewayIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.threads.virtual.enabled=true", "llmpool.gateway.keepalive-interval=1s"})
class GatewayIT {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        PoolInfra.shared().register(registry);
    }

    private static KafkaProbe kafka;

    @BeforeAll
    static void probe() {
        kafka = KafkaProbe.shared();
    }

    @AfterAll
    static void closeProbe() {
        kafka.close();
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @LocalServerPort
    int port;
    @Autowired
    JobEventStream events;
    @Autowired
    JobStore store;
    @Autowired
    ResultCache cache;
    @Autowired
    CacheKeys cacheKeys;
    @Autowired
    JsonCodec json;
    @Autowired
    EnvelopeReader envelopes;
    @Autowired
    dev.llmpool.core.catalog.ModelCatalog catalog;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record SseEvent(String id, String type, String data) {
    }

    // ---- the chat completions endpoint -------------------------------------------------------------------------

    @Test
    void aSyncCompletionIsPublishedThenAnsweredFromTheJobsResult() throws Exception {
        String id = "it-sync-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> pending = postAsync("/v1/chat/completions", """
                {"model":"fast","messages":[{"role":"user","content":"Say hi"}],"max_tokens":20}""",
                "x-llmpool-job-id", id, "traceparent", TRACEPARENT);

        ConsumerRecord<String, byte[]> record = kafka.firstWithKey(Topics.REQUESTS, id, WAIT);
        JobRequest job = envelopes.read(record.value(), Envelope.JOB_REQUEST, JobRequest.class);
        assertThat(KafkaHeaders.get(record.headers(), Headers.CORRELATION_ID)).isEqualTo(id);
        // the client's trace goes on, with the gateway's own request span as the parent of what follows
        assertThat(KafkaHeaders.get(record.headers(), Headers.TRACEPARENT))
                .matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01").isNotEqualTo(TRACEPARENT);
        assertThat(Instant.parse(KafkaHeaders.get(record.headers(), Headers.DEADLINE))).isEqualTo(job.deadline());
        assertThat(job.correlationId()).isEqualTo(id);
        assertThat(job.requestedModel()).isEqualTo("fast");
        assertThat(job.streamsTokens()).isFalse();
        assertThat(job.body().maxTokens()).isEqualTo(20);
        assertThat(store.find(id)).hasValueSatisfying(v -> assertThat(v.status()).isEqualTo(JobStatus.QUEUED));

        events.append(StreamEvent.attemptStarted(id, 1, "openai", "gpt-4o-mini", Instant.now()));
        finish(completed(id, "Hi there!", Usage.of(9, 3)));

        HttpResponse<String> response = pending.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                c -> assertThat(c).startsWith("application/json"));
        assertThat(response.headers().firstValue("x-llmpool-job-id")).hasValue(id);
        assertThat(response.headers().firstValue("x-llmpool-model")).hasValue("gpt-4o-mini");
        assertThat(response.headers().firstValue("x-llmpool-provider")).hasValue("openai");
        assertThat(response.headers().firstValue("x-llmpool-attempts")).hasValue("1");
        assertThat(response.headers().firstValue("x-llmpool-cache")).hasValue("miss");
        JsonNode completion = json.readTree(response.body());
        assertThat(completion.get("id").asString()).isEqualTo(id);
        assertThat(completion.get("object").asString()).isEqualTo("chat.completion");
        assertThat(completion.get("created").asLong()).isPositive();
        assertThat(completion.get("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(completion.at("/choices/0/message/role").asString()).isEqualTo("assistant");
        assertThat(completion.at("/choices/0/message/content").asString()).isEqualTo("Hi there!");
        assertThat(completion.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(completion.at("/usage/total_tokens").asInt()).isEqualTo(12);

        HttpResponse<String> again = post("/v1/chat/completions", """
                {"model":"fast","messages":[{"role":"user","content":"Say hi"}],"max_tokens":20}""",
                "x-llmpool-job-id", id);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).at("/choices/0/message/content").asString()).isEqualTo("Hi there!");

        HttpResponse<String> other = post("/v1/chat/completions", """
                {"model":"fast","messages":[{"role":"user","content":"Something else entirely"}],"max_tokens":20}""",
                "x-llmpool-job-id", id);
        assertThat(other.statusCode()).isEqualTo(409);
        JsonNode error = json.readTree(other.body()).get("error");
        assertThat(error.get("code").asString()).isEqualTo("idempotency_key_reused");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asString()).contains(id).contains("different request");
        HttpResponse<String> otherKey = post("/v1/jobs", """
                {"body":{"model":"fast","messages":[{"role":"user","content":"Say hi"}],"max_tokens":21}}""",
                "Idempotency-Key", id);
        assertThat(otherKey.statusCode()).isEqualTo(409);
        assertThat(kafka.allWithKey(Topics.REQUESTS, id, Duration.ofMillis(500))).hasSize(1);
        assertThat(store.find(id)).hasValueSatisfying(v -> assertThat(v.status()).isEqualTo(JobStatus.COMPLETED));
    }

    @Test
    void aStreamedCompletionIsOpenAiChunksWithUsageAndDoneLast() throws Exception {
        String id = "it-stream-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> pending = postAsync("/v1/chat/completions", """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello world"}],"stream":true,
                 "stream_options":{"include_usage":true}}""", "x-llmpool-job-id", id);

        JobRequest job = envelopes.read(kafka.firstWithKey(Topics.REQUESTS, id, WAIT).value(), Envelope.JOB_REQUEST,
                JobRequest.class);
        assertThat(job.streamsTokens()).isTrue();
        Instant now = Instant.now();
        events.append(StreamEvent.attemptStarted(id, 1, "openai", "gpt-4o-mini", now));
        events.append(delta(id, 1, 0, "Hello", null));
        events.append(delta(id, 2, 0, "from another attempt", null));
        events.append(delta(id, 1, 1, " world", "stop"));
        finish(completed(id, "Hello world", Usage.of(5, 2)));

        HttpResponse<String> response = pending.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                c -> assertThat(c).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("x-llmpool-job-id")).hasValue(id);
        List<String> frames = dataFrames(response.body());
        assertThat(frames).hasSize(4);
        assertThat(frames.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = frames.subList(0, 3).stream().map(json::readTree).toList();
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("id").asString()).isEqualTo(id);
            assertThat(c.get("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(c.get("created").asLong()).isEqualTo(chunks.getFirst().get("created").asLong());
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        assertThat(chunks.get(0).at("/choices/0/delta/content").asString()).isEqualTo("Hello");
        assertThat(chunks.get(0).get("usage").isNull()).isTrue();
        assertThat(chunks.get(1).at("/choices/0/delta/content").asString()).isEqualTo(" world");
        assertThat(chunks.get(1).at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(chunks.get(1).get("usage").isNull()).isTrue();
        assertThat(chunks.get(2).get("choices").isEmpty()).isTrue();
        assertThat(chunks.get(2).at("/usage/prompt_tokens").asInt()).isEqualTo(5);
        assertThat(chunks.get(2).at("/usage/completion_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void aJobThatFailsAfterStreamingBeganEndsTheStreamWithAnErrorFrame() throws Exception {
        String id = "it-stream-fail-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> pending = postAsync("/v1/chat/completions", """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}],"stream":true}""",
                "x-llmpool-job-id", id);
        kafka.firstWithKey(Topics.REQUESTS, id, WAIT);
        events.append(delta(id, 1, 0, "Par", null));
        fail(id, ResultError.of(ErrorClass.EXHAUSTED, "Every provider failed."));

        HttpResponse<String> response = pending.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> frames = dataFrames(response.body());
        assertThat(frames).hasSize(2);
        assertThat(json.readTree(frames.get(0)).at("/choices/0/delta/content").asString()).isEqualTo("Par");
        JsonNode error = json.readTree(frames.get(1)).get("error");
        assertThat(error.get("message").asString()).isEqualTo("Every provider failed.");
        assertThat(error.get("code").asString()).isEqualTo("upstream_exhausted");
    }

    @Test
    void aJobThatFailsIsItsErrorClassStatusWithOpenAisErrorBody() throws Exception {
        String id = "it-fail-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> pending = postAsync("/v1/chat/completions", """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}""", "x-llmpool-job-id", id);
        kafka.firstWithKey(Topics.REQUESTS, id, WAIT);
        fail(id, ResultError.of(ErrorClass.RATE_LIMITED, "Rate limit reached for gpt-4o-mini."));

        HttpResponse<String> response = pending.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(429);
        JsonNode error = json.readTree(response.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("rate_limit_error");
        assertThat(error.get("code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(response.headers().firstValue("x-llmpool-job-id")).hasValue(id);
    }

    @Test
    void aJobPastItsDeadlineIsA504() throws Exception {
        String body = """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"nobody answers"}]%s}""";
        for (String stream : List.of("", ",\"stream\":true")) {
            String id = "it-deadline-" + UUID.randomUUID();
            HttpResponse<String> response = post("/v1/chat/completions", body.formatted(stream),
                    "x-llmpool-job-id", id, "x-llmpool-timeout", "300");

            assertThat(response.statusCode()).isEqualTo(504);
            JsonNode error = json.readTree(response.body()).get("error");
            assertThat(error.get("message").asString())
                    .startsWith("The job " + id + " did not finish before its deadline (");
            assertThat(error.get("type").asString()).isEqualTo("timeout_error");
            assertThat(error.get("code").asString()).isEqualTo("deadline_exceeded");
        }
    }

    @Test
    void aCachedAnswerComesBackAtOnceWithoutAJob() throws Exception {
        String prompt = "cached " + UUID.randomUUID();
        String body = """
                {"model":"fast","temperature":0,"messages":[{"role":"user","content":"%s"}]}""".formatted(prompt);
        ChatCompletion stored = new ChatCompletion("chatcmpl-old", ChatCompletion.OBJECT, 1, "gpt-4o-mini",
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant("From the cache", null, null), null,
                        "stop")), Usage.of(4, 3), null);
        cache.putIfAbsent(cacheKeys.key(json.fromJson(body, ChatCompletionRequest.class), "gpt-4o-mini", null), stored,
                Duration.ofMinutes(5));
        String id = "it-cache-" + UUID.randomUUID();

        HttpResponse<String> response = post("/v1/chat/completions", body, "x-llmpool-job-id", id);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-llmpool-cache")).hasValue("hit");
        JsonNode completion = json.readTree(response.body());
        assertThat(completion.get("id").asString()).isEqualTo(id);
        assertThat(completion.at("/choices/0/message/content").asString()).isEqualTo("From the cache");

        String streamed = body.replace("\"temperature\":0", "\"temperature\":0,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}");
        HttpResponse<String> stream = post("/v1/chat/completions", streamed, "x-llmpool-job-id", id);
        assertThat(stream.headers().firstValue("x-llmpool-cache")).hasValue("hit");
        List<String> frames = dataFrames(stream.body());
        assertThat(frames).hasSize(3);
        assertThat(json.readTree(frames.get(0)).at("/choices/0/delta/content").asString()).isEqualTo("From the cache");
        assertThat(json.readTree(frames.get(1)).at("/usage/total_tokens").asInt()).isEqualTo(7);
        assertThat(frames.get(2)).isEqualTo("[DONE]");

        HttpResponse<String> bypassed = post("/v1/chat/completions", body, "x-llmpool-cache-control", "bypass",
                "x-llmpool-timeout", "1");
        assertThat(bypassed.headers().firstValue("x-llmpool-cache")).hasValue("miss");

        assertThat(store.find(id)).isEmpty();
        assertThat(kafka.allWithKey(Topics.REQUESTS, id, Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void badRequestsGetTheOpenAiErrorShape() throws Exception {
        HttpResponse<String> malformed = post("/v1/chat/completions", "{\"model\": \"gpt-4o-mini\", \"messages\": [");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(error(malformed).get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error(malformed).get("message").asString()).contains("could not parse the JSON body")
                .contains("end-of-input");

        HttpResponse<String> noMessages = post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\"}");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(error(noMessages).get("param").asString()).isEqualTo("messages");

        HttpResponse<String> unknownModel = post("/v1/chat/completions",
                "{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(unknownModel.statusCode()).isEqualTo(404);
        assertThat(error(unknownModel).get("code").asString()).isEqualTo("model_not_found");
        assertThat(error(unknownModel).get("message").asString())
                .isEqualTo("The model `gpt-9` does not exist or you do not have access to it.");

        HttpResponse<String> wrongType = post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":\"two\"}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(error(wrongType).get("param").asString()).isEqualTo("n");

        HttpResponse<String> unknownUrl = get("/v1/no-such-endpoint");
        assertThat(unknownUrl.statusCode()).isEqualTo(404);
        assertThat(error(unknownUrl).get("type").asString()).isEqualTo("invalid_request_error");

        HttpResponse<String> wrongMethod = get("/v1/chat/completions");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(error(wrongMethod).get("message").asString()).contains("GET");

        HttpResponse<String> wrongMediaType = http.send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMediaType.statusCode()).isEqualTo(415);
        assertThat(error(wrongMediaType).get("code").asString()).isEqualTo("unsupported_media_type");
    }

    @Test
    void theModelsListNamesEveryCatalogIdAndAlias() throws Exception {
        HttpResponse<String> response = get("/v1/models");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = json.readTree(response.body());
        assertThat(list.get("object").asString()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        list.get("data").forEach(m -> {
            ids.add(m.get("id").asString());
            assertThat(m.get("object").asString()).isEqualTo("model");
            String owner = m.get("owned_by").asString();
            if (List.of("auto", "balanced").contains(m.get("id").asString())) {
                assertThat(owner).isEqualTo("llmpool-router");
            } else {
                assertThat(owner).isIn(catalog.providers().toArray());
            }
        });
        assertThat(ids).contains("auto", "balanced", "gpt-4o-mini", "fast", "gpt-4o", "smart", "gpt-4.1-nano",
                "local-llama");
        assertThat(get("/v1/models/smart").statusCode()).isEqualTo(200);
        assertThat(json.readTree(get("/v1/models/auto").body()).get("owned_by").asString())
                .isEqualTo("llmpool-router");
        assertThat(get("/v1/models/gpt-9").statusCode()).isEqualTo(404);
    }

    // ---- the job API ----------------------------------------------------------------------------------------------

    @Test
    void aPostedJobIsAcceptedAtOnceAndItsStatusFollowsTheJob() throws Exception {
        HttpResponse<String> accepted = post("/v1/jobs", """
                {"body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Summarize"}]},
                 "metadata":{"doc":"42"},"priority":"batch","timeout_ms":60000}""");

        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode job = json.readTree(accepted.body());
        String id = job.get("id").asString();
        assertThat(id).startsWith("job-");
        assertThat(job.get("object").asString()).isEqualTo("llmpool.job");
        assertThat(job.get("status").asString()).isEqualTo("queued");
        assertThat(job.get("created_at").asLong()).isPositive();
        assertThat(job.at("/links/self").asString()).isEqualTo("/v1/jobs/" + id);
        assertThat(job.at("/links/events").asString()).isEqualTo("/v1/jobs/" + id + "/events");
        assertThat(accepted.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);

        JsonNode queued = json.readTree(get("/v1/jobs/" + id).body());
        assertThat(queued.get("status").asString()).isEqualTo("queued");
        assertThat(queued.has("result")).isFalse();

        JobRequest request = envelopes.read(kafka.firstWithKey(Topics.REQUESTS, id, WAIT).value(),
                Envelope.JOB_REQUEST, JobRequest.class);
        assertThat(request.priority()).isEqualTo(Priority.BATCH);
        assertThat(request.streamsTokens()).isTrue();
        assertThat(request.metadata()).containsEntry("doc", "42");
        assertThat(Duration.between(request.createdAt(), request.deadline())).isEqualTo(Duration.ofSeconds(60));

        finish(completed(id, "A summary.", Usage.of(10, 2)));
        JsonNode done = json.readTree(get("/v1/jobs/" + id).body());
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("updated_at").asLong()).isPositive();
        assertThat(done.at("/result/response/choices/0/message/content").asString()).isEqualTo("A summary.");

        HttpResponse<String> unknown = get("/v1/jobs/no-such-job");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown).get("message").asString()).contains("no-such-job");
    }

    @Test
    void anEventsClientThatDisconnectsAndResumesGetsEveryEventExactlyOnce() throws Exception {
        HttpResponse<String> accepted = post("/v1/jobs", """
                {"body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Stream me"}]}}""");
        String id = json.readTree(accepted.body()).get("id").asString();
        kafka.firstWithKey(Topics.REQUESTS, id, WAIT);
        events.append(StreamEvent.attemptStarted(id, 1, "openai", "gpt-4o-mini", Instant.now()));

        List<SseEvent> firstPart;
        HttpResponse<InputStream> first = http.send(eventsRequest(id, null).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(first.statusCode()).isEqualTo(200);
        try (InputStream body = first.body()) {
            firstPart = readEvents(body, 2);
        }
        assertThat(firstPart).extracting(SseEvent::type).containsExactly("queued", "attempt_started");

        events.append(delta(id, 1, 0, "One", null));
        events.append(delta(id, 1, 1, " two", null));
        events.append(delta(id, 1, 2, " three", "stop"));
        finish(completed(id, "One two three", Usage.of(3, 3)));

        String lastSeen = firstPart.getLast().id();
        List<SseEvent> rest = parseEvents(http.send(eventsRequest(id, lastSeen).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(rest).extracting(SseEvent::type).containsExactly("delta", "delta", "delta", "completed");

        List<String> joined = new ArrayList<>(firstPart.stream().map(SseEvent::id).toList());
        joined.addAll(rest.stream().map(SseEvent::id).toList());
        assertThat(joined).containsExactlyElementsOf(
                events.range(id, StreamIds.START).stream().map(StreamEntry::id).toList());
        assertThat(json.readTree(rest.getFirst().data()).at("/delta/content").asString()).isEqualTo("One");

        List<SseEvent> byQuery = parseEvents(http.send(HttpRequest.newBuilder(
                uri("/v1/jobs/" + id + "/events?last_event_id=" + lastSeen)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(byQuery).isEqualTo(rest);

        HttpResponse<String> afterTheEnd = http.send(eventsRequest(id, rest.getLast().id()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(afterTheEnd.statusCode()).isEqualTo(200);
        assertThat(parseEvents(afterTheEnd.body())).isEmpty();

        HttpResponse<String> invalid = http.send(eventsRequest(id, "not-an-id").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(error(invalid).get("param").asString()).isEqualTo("Last-Event-ID");
        assertThat(http.send(eventsRequest("no-such-job", null).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void aRouteAliasIsAcceptedAndTheAnswerSaysHowItWasRouted() throws Exception {
        String id = "it-route-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> pending = postAsync("/v1/chat/completions", """
                {"model":"auto","messages":[{"role":"user","content":"Route me"}]}""", "x-llmpool-job-id", id);

        JobRequest job = envelopes.read(kafka.firstWithKey(Topics.REQUESTS, id, WAIT).value(), Envelope.JOB_REQUEST,
                JobRequest.class);
        assertThat(job.requestedModel()).isEqualTo("auto");
        JobResult plain = completed(id, "Routed!", Usage.of(5, 2));
        String summary = "route=balanced; by=default; tiers=gpt-4o-mini:0.91; final=gpt-4o-mini; cost=0.000002";
        finish(plain.withRouting(json.readTree(
                "{\"route\":\"balanced\",\"outcome\":\"accepted\",\"summary\":" + json.toJson(summary) + "}")));

        HttpResponse<String> response = pending.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-llmpool-route")).hasValue(summary);
        assertThat(response.headers().firstValue("x-llmpool-model")).hasValue("gpt-4o-mini");
        assertThat(json.readTree(response.body()).at("/choices/0/message/content").asString()).isEqualTo("Routed!");
    }

    // ---- playing the router ---------------------------------------------------------------------------------------

    private static StreamEvent delta(String id, int attempt, int seq, String text, String finish) {
        return StreamEvent.delta(id, attempt, seq, 0, new Delta(null, text, null, null), null, finish, Instant.now());
    }

    private static JobResult completed(String id, String text, Usage usage) {
        ChatCompletion completion = new ChatCompletion("chatcmpl-upstream", ChatCompletion.OBJECT,
                Instant.now().getEpochSecond(), "gpt-4o-mini",
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant(text, null, null), null, "stop")), usage,
                null);
        return JobResult.builder().correlationId(id).status(JobStatus.COMPLETED).model("gpt-4o-mini")
                .provider("openai").response(completion)
                .attempts(List.of(new AttemptSummary(id + ":1", 1, "openai", "gpt-4o-mini", true, null, null, 12, usage,
                        0.0)))
                .createdAt(Instant.now()).completedAt(Instant.now()).build();
    }

    private void finish(JobResult result) {
        store.complete(result.correlationId(), result.status(), json.toJson(result));
        events.append(result.status() == JobStatus.COMPLETED ? StreamEvent.completed(result, Instant.now())
                : StreamEvent.failed(result, Instant.now()));
    }

    private void fail(String id, ResultError error) {
        finish(JobResult.builder().correlationId(id).status(JobStatus.FAILED).model("gpt-4o-mini").provider("openai")
                .error(error).attempts(List.of()).createdAt(Instant.now()).completedAt(Instant.now()).build());
    }

    // ---- HTTP and SSE ---------------------------------------------------------------------------------------------

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpRequest.Builder postRequest(String path, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        return http.send(postRequest(path, body, headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path, String body, String... headers) {
        return http.sendAsync(postRequest(path, body, headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder eventsRequest(String id, String lastEventId) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri("/v1/jobs/" + id + "/events"))
                .timeout(Duration.ofSeconds(60)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        return builder;
    }

    private JsonNode error(HttpResponse<String> response) {
        JsonNode error = json.readTree(response.body()).get("error");
        assertThat(error.propertyNames()).contains("message", "type", "param", "code");
        return error;
    }

    /** The {@code data:} payloads of an OpenAI-style stream, comments (keep-alives) left out. */
    private static List<String> dataFrames(String body) {
        return Arrays.stream(body.split("\n\n")).filter(f -> f.startsWith("data: ")).map(f -> f.substring(6))
                .toList();
    }

    private static List<SseEvent> parseEvents(String body) throws Exception {
        return readEvents(new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), Integer.MAX_VALUE);
    }

    private static List<SseEvent> readEvents(InputStream in, int max) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<SseEvent> read = new ArrayList<>();
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        String line;
        while (read.size() < max && (line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    read.add(new SseEvent(id, type, data.toString()));
                }
                id = null;
                type = null;
                data.setLength(0);
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                type = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data.append(line.substring(6));
            }
        }
        return read;
    }
}
