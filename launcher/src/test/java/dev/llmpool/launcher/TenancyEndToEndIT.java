package dev.llmpool.launcher;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchListParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FilePurpose;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.tenancy.CostEstimate;
import dev.llmpool.core.tenancy.Money;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Tenants through the whole pool with the official openai-java client: keys made with the admin API (the master key
 * of this context), each tenant seeing only its own jobs, streams, batches and files, a revoked key refused at once,
 * a budget that pays for ten of twenty concurrent requests never overspent, and the usage ledger equal to the usage
 * the results reported. Every key it makes is deleted at the end, so the pool is open again for the other tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenancyEndToEndIT extends WholePoolTestBase {

    private static final String MASTER = "master-" + UUID.randomUUID();
    private static final Duration SAFETY_NET = Duration.ofSeconds(90);

    private final JsonCodec json = new JsonCodec();
    private final List<String> created = new ArrayList<>();
    private final java.util.Map<String, String> ids = new java.util.concurrent.ConcurrentHashMap<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    ModelCatalog catalog;

    @Autowired
    JobStore jobs;

    @TempDir
    Path temp;

    @DynamicPropertySource
    static void master(DynamicPropertyRegistry registry) {
        registry.add("llmpool.auth.master-key", () -> MASTER);
    }

    @AfterAll
    void deleteTheKeys() throws Exception {
        for (String id : created) {
            send("DELETE", "/admin/keys/" + id, null, MASTER);
        }
    }

    /** A new key of {@code tenant} with the limits in {@code extra} (JSON fields); the key itself. */
    private String key(String tenant, String extra) throws Exception {
        HttpResponse<String> response = send("POST", "/admin/keys", "{\"tenant\":\"" + tenant + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}", MASTER);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = json.readTree(response.body());
        created.add(body.get("id").asString());
        ids.put(body.get("key").asString(), body.get("id").asString());
        assertThat(body.get("key").asString()).startsWith("sk-llmpool-");
        return body.get("key").asString();
    }

    private String keyId(String key) {
        return ids.get(key);
    }

    private OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    private HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A gpt-4o-mini chat of {@code prompt} capped at 40 tokens: with {@code [sim:tokens=40]} in the prompt, which
     * jtokkit counts at least as long as the simulator does, it is answered with exactly 40 tokens.
     */
    private ChatCompletionRequest asked(String prompt) {
        return json.fromJson("{\"model\":\"gpt-4o-mini\",\"max_tokens\":40,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + prompt + "\"}]}", ChatCompletionRequest.class);
    }

    /** What admission reserves for {@code asked}, nano-dollars. */
    private long estimate(ChatCompletionRequest asked) {
        return CostEstimate.of(asked, catalog.resolve("gpt-4o-mini").orElseThrow(), new TokenCounter(), 0).nanos();
    }

    private static ChatCompletionCreateParams.Builder chat(String prompt) {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(prompt);
    }

    @Test
    void everyV1RequestNeedsAValidKeyOnceKeysExist() throws Exception {
        String key = key("keys-" + run, "");
        assertThat(send("GET", "/v1/models", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = send("GET", "/v1/models", null, "sk-llmpool-unknown");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json.readTree(unknown.body()).at("/error/code").asString()).isEqualTo("invalid_api_key");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/models")).header("x-api-key", key)
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/admin/keys", null, key).statusCode()).isEqualTo(401);
    }

    @Test
    void twoTenantsEachSeeOnlyTheirOwnJobsStreamsBatchesAndFiles() throws Exception {
        String acmeKey = key("acme-" + run, "");
        String globexKey = key("globex-" + run, "");
        OpenAIClient acme = client(acmeKey);
        OpenAIClient globex = client(globexKey);

        // the same client-chosen id names one job per tenant: neither attaches to the other's
        ChatCompletion acmeAnswer = acme.chat().completions().create(chat("Acme's question " + run)
                .putAdditionalHeader("x-llmpool-job-id", "order-42").build());
        ChatCompletion globexAnswer = globex.chat().completions().create(chat("Globex's question " + run)
                .putAdditionalHeader("x-llmpool-job-id", "order-42").build());
        assertThat(acmeAnswer.id()).isNotEqualTo(globexAnswer.id());
        assertThat(acmeAnswer.choices().getFirst().message().content())
                .isNotEqualTo(globexAnswer.choices().getFirst().message().content());
        assertThat(json.readTree(send("GET", "/v1/jobs/order-42", null, acmeKey).body()).get("id").asString())
                .isEqualTo(acmeAnswer.id());
        assertThat(send("GET", "/v1/jobs/" + acmeAnswer.id(), null, globexKey).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/v1/jobs/" + acmeAnswer.id() + "/events", null, globexKey).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/v1/jobs/" + acmeAnswer.id(), null, MASTER).statusCode()).isEqualTo(200);

        // a stream is its tenant's: its events are not found by another
        String streamed;
        try (StreamResponse<ChatCompletionChunk> stream = acme.chat().completions().createStreaming(
                chat("Acme streams " + run).streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true)
                        .build()).build())) {
            streamed = stream.stream().map(ChatCompletionChunk::id).findFirst().orElseThrow();
        }
        assertThat(send("GET", "/v1/jobs/" + streamed + "/events", null, acmeKey).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v1/jobs/" + streamed + "/events", null, globexKey).statusCode()).isEqualTo(404);

        // files and batches: another tenant's are not found, nor listed
        Path input = temp.resolve("acme.jsonl");
        Files.writeString(input, "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"line " + run
                + "\"}]}}\n");
        String fileId = acme.files().create(FileCreateParams.builder().file(input).purpose(FilePurpose.BATCH)
                .build()).id();
        assertThatThrownBy(() -> globex.files().retrieve(fileId)).isInstanceOf(NotFoundException.class);
        assertThat(globex.files().list(FileListParams.builder().build()).data()).noneMatch(f -> f.id()
                .equals(fileId));
        assertThatThrownBy(() -> globex.batches().create(batch(fileId))).isInstanceOf(OpenAIServiceException.class);
        Batch batch = acme.batches().create(batch(fileId));
        assertThatThrownBy(() -> globex.batches().retrieve(batch.id())).isInstanceOf(NotFoundException.class);
        assertThat(globex.batches().list(BatchListParams.builder().limit(100).build()).data())
                .noneMatch(b -> b.id().equals(batch.id()));
        assertThat(acme.batches().list(BatchListParams.builder().limit(100).build()).data())
                .extracting(Batch::id).containsExactly(batch.id());
        Batch done = BatchWaits.awaitStatus(acme, batch.id(), Batch.Status.COMPLETED, SAFETY_NET);
        String output = done.outputFileId().orElseThrow();
        assertThat(acme.files().retrieve(output).id()).isEqualTo(output);
        assertThatThrownBy(() -> globex.files().retrieve(output)).isInstanceOf(NotFoundException.class);
    }

    private static BatchCreateParams batch(String fileId) {
        return BatchCreateParams.builder().inputFileId(fileId).endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build();
    }

    @Test
    void theCacheIsEachTenantsOwn() throws Exception {
        String one = key("cache-one-" + run, "");
        String two = key("cache-two-" + run, "");
        String body = "{\"model\":\"gpt-4o-mini\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"cached " + run + "\"}]}";
        assertThat(send("POST", "/v1/chat/completions", body, one).headers().firstValue("x-llmpool-cache"))
                .hasValue("miss");
        assertThat(send("POST", "/v1/chat/completions", body, one).headers().firstValue("x-llmpool-cache"))
                .hasValue("hit");
        assertThat(send("POST", "/v1/chat/completions", body, two).headers().firstValue("x-llmpool-cache"))
                .hasValue("miss");
    }

    @Test
    void theMessagesResponsesAndEmbeddingsApisAreEachTenantsOwnToo() throws Exception {
        String one = key("apis-one-" + run, "");
        String two = key("apis-two-" + run, "");

        // Responses: stored, read and chained only by the tenant that created it
        HttpResponse<String> created = send("POST", "/v1/responses",
                "{\"model\":\"gpt-4o-mini\",\"input\":\"remember " + run + "\"}", one);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String responseId = json.readTree(created.body()).get("id").asString();
        assertThat(send("GET", "/v1/responses/" + responseId, null, one).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v1/responses/" + responseId, null, two).statusCode()).isEqualTo(404);
        HttpResponse<String> chained = send("POST", "/v1/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"and?\","
                + "\"previous_response_id\":\"" + responseId + "\"}", two);
        assertThat(chained.statusCode()).as(chained.body()).isEqualTo(404);
        assertThat(send("GET", "/v1/jobs/" + responseId, null, two).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/v1/jobs/" + responseId, null, one).statusCode()).isEqualTo(200);

        // Messages: an Anthropic-style client's x-api-key; no key is a 401 in Anthropic's shape
        String message = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hello " + run + "\"}]}";
        HttpResponse<String> answered = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("Content-Type", "application/json").header("x-api-key", one)
                .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(message))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        String messageJob = answered.headers().firstValue("x-llmpool-job-id").orElseThrow();
        assertThat(send("GET", "/v1/jobs/" + messageJob, null, two).statusCode()).isEqualTo(404);
        HttpResponse<String> anonymous = send("POST", "/v1/messages", message, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json.readTree(anonymous.body()).path("error").path("type").asString())
                .isEqualTo("authentication_error");

        // Embeddings: the cache is each tenant's own; a key limited to other models is refused
        String embed = "{\"model\":\"text-embedding-3-small\",\"input\":\"vector " + run + "\"}";
        assertThat(send("POST", "/v1/embeddings", embed, one).headers().firstValue("x-llmpool-cache"))
                .hasValue("miss");
        assertThat(send("POST", "/v1/embeddings", embed, one).headers().firstValue("x-llmpool-cache"))
                .hasValue("hit");
        assertThat(send("POST", "/v1/embeddings", embed, two).headers().firstValue("x-llmpool-cache"))
                .hasValue("miss");
        String chatOnly = key("apis-three-" + run, "\"models\":[\"gpt-4o-mini\"]");
        assertThat(send("POST", "/v1/embeddings", embed, chatOnly).statusCode()).isEqualTo(403);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() throws Exception {
        String key = key("revoked-" + run, "");
        OpenAIClient client = client(key);
        assertThat(client.chat().completions().create(chat("before " + run).build()).choices()).hasSize(1);

        String id = keyId(key);
        assertThat(send("POST", "/admin/keys/" + id + "/revoke", null, MASTER).statusCode()).isEqualTo(200);

        assertThatThrownBy(() -> client.chat().completions().create(chat("after " + run).build()))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining("revoked");
    }

    @Test
    void twentyConcurrentRequestsAgainstABudgetForTenNeverOverspend() throws Exception {
        String prompt = "budget " + UUID.randomUUID() + " " + UUID.randomUUID() + " [sim:tokens=40]";
        long estimate = estimate(asked(prompt));
        double budget = Money.usd(estimate * 10 + estimate / 5);
        String key = key("budget-" + run, "\"budget_usd\":" + budget);
        OpenAIClient client = client(key);

        List<Future<Object>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                calls.add(threads.submit(() -> {
                    try {
                        return client.chat().completions().create(chat(prompt).maxTokens(40).build());
                    } catch (RateLimitException e) {
                        return e;
                    }
                }));
            }
        }
        List<ChatCompletion> answered = new ArrayList<>();
        for (Future<Object> call : calls) {
            Object outcome = call.get();
            if (outcome instanceof ChatCompletion completion) {
                answered.add(completion);
            } else {
                assertThat(((RateLimitException) outcome).code()).hasValue("budget_exceeded");
            }
        }
        assertThat(answered).hasSizeGreaterThanOrEqualTo(10).hasSizeLessThan(20);
        long spent = answered.stream().mapToLong(c -> Money.nanos(catalog.resolve("gpt-4o-mini").orElseThrow()
                .price().cost(new dev.llmpool.schemas.openai.Usage((int) c.usage().orElseThrow().promptTokens(),
                        (int) c.usage().orElseThrow().completionTokens(),
                        (int) c.usage().orElseThrow().totalTokens())))).sum();
        assertThat(Money.usd(spent)).isLessThanOrEqualTo(budget);
        JsonNode total = awaitUsage(key, answered.size());
        assertThat(total.get("cost_nanos").asLong()).isEqualTo(spent).isLessThanOrEqualTo(Money.nanos(budget));
    }

    @Test
    void aBatchsLinesAreAdmittedAgainstItsBudgetAndThoseItCannotPayForFailWithBudgetExceeded() throws Exception {
        ChatCompletionRequest asked = asked("batch budget " + UUID.randomUUID() + " " + UUID.randomUUID()
                + " [sim:tokens=40]");
        long estimate = estimate(asked);
        double budget = Money.usd(estimate * 3 + estimate / 5);
        String key = key("batch-budget-" + run, "\"budget_usd\":" + budget);
        OpenAIClient client = client(key);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            lines.append("{\"custom_id\":\"line-").append(i).append("\",\"method\":\"POST\",\"url\":"
                    + "\"/v1/chat/completions\",\"body\":").append(json.toJson(asked)).append("}\n");
        }
        Path input = temp.resolve("budget.jsonl");
        Files.writeString(input, lines);
        String fileId = client.files().create(FileCreateParams.builder().file(input).purpose(FilePurpose.BATCH)
                .build()).id();

        Batch batch = BatchWaits.awaitStatus(client, client.batches().create(batch(fileId)).id(),
                Batch.Status.COMPLETED, SAFETY_NET);

        long completed = batch.requestCounts().orElseThrow().completed();
        long failed = batch.requestCounts().orElseThrow().failed();
        assertThat(completed).as("what the budget pays for").isBetween(3L, 5L);
        assertThat(completed + failed).isEqualTo(6);
        String errors;
        try (com.openai.core.http.HttpResponse response = client.files().content(batch.errorFileId()
                .orElseThrow());
             InputStream body = response.body()) {
            errors = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(errors.lines()).hasSize((int) failed).allSatisfy(line -> {
            JsonNode response = json.readTree(line).get("response");
            assertThat(response.get("status_code").asInt()).isEqualTo(429);
            assertThat(response.get("body").get("error").get("code").asString()).isEqualTo("budget_exceeded");
        });
        JsonNode total = awaitUsage(key, completed);
        assertThat(total.get("cost_nanos").asLong()).isLessThanOrEqualTo(Money.nanos(budget));
    }

    @Test
    void aPipelinesCallsCountAgainstItsTenantsBudgetAndASpentBudgetPaysForNone() throws Exception {
        String key = key("pipeline-budget-" + run, "\"budget_usd\":0");
        HttpResponse<String> accepted = send("POST", "/v1/pipelines/summarize", json.toJson(Map.of("id",
                "doc-" + run, "text", "The budget of this tenant is spent. Nothing here may be sent to a model. "
                        + run)), key);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        long end = System.nanoTime() + SAFETY_NET.toNanos();
        JsonNode pipeline = json.readTree(accepted.body());
        while (!List.of("completed", "failed").contains(pipeline.get("status").asString())
                && System.nanoTime() < end) {
            Thread.sleep(100);
            pipeline = json.readTree(send("GET", "/v1/pipelines/summarize/doc-" + run, null, key).body());
        }

        JsonNode result = pipeline.get("result");
        assertThat(result.get("fallback").asBoolean()).as("summarized without a model: %s", pipeline).isTrue();
        assertThat(result.get("cost_usd").asDouble()).isZero();
        assertThat(result.get("failures").get(0).get("error").asString()).contains("Budget exceeded for key "
                + keyId(key));
        HttpResponse<String> usage = send("GET", "/v1/usage?group_by=tenant", null, key);
        assertThat(json.readTree(usage.body()).get("total").get("cost_nanos").asLong()).isZero();
    }

    @Test
    void theUsageLedgerEqualsTheUsageOfTheResults() throws Exception {
        String key = key("ledger-" + run, "");
        OpenAIClient client = client(key);
        long prompt = 0;
        long completion = 0;
        for (int i = 0; i < 3; i++) {
            ChatCompletion answer = client.chat().completions().create(chat("ledger " + i + " " + run).build());
            prompt += answer.usage().orElseThrow().promptTokens();
            completion += answer.usage().orElseThrow().completionTokens();
        }
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                chat("ledger streamed " + run).streamOptions(ChatCompletionStreamOptions.builder()
                        .includeUsage(true).build()).build())) {
            for (ChatCompletionChunk chunk : stream.stream().toList()) {
                if (chunk.usage().isPresent()) {
                    prompt += chunk.usage().get().promptTokens();
                    completion += chunk.usage().get().completionTokens();
                }
            }
        }
        JsonNode total = awaitUsage(key, 4);
        assertThat(total.get("prompt_tokens").asLong()).isEqualTo(prompt);
        assertThat(total.get("completion_tokens").asLong()).isEqualTo(completion);
        HttpResponse<String> all = send("GET", "/v1/usage?group_by=tenant", null, MASTER);
        assertThat(all.body()).contains("ledger-" + run);
    }

    @Test
    void aJobsTraceGoesOnFromTheClientsThroughTheGatewayAndTheRouter() throws Exception {
        String key = key("traced-" + run, "");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String clientSpan = "00f067aa0ba902b7";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"traced " + run + "\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        String id = json.readTree(answer.body()).get("id").asString();
        String routed = json.readTree(jobs.find(id).orElseThrow().routeJson()).get("traceparent").asString();
        assertThat(routed).startsWith("00-" + traceId + "-").doesNotContain(clientSpan);
    }

    /** The tenant's usage total once the ledger has {@code requests} requests. */
    private JsonNode awaitUsage(String key, long requests) throws Exception {
        long end = System.nanoTime() + SAFETY_NET.toNanos();
        JsonNode total = null;
        while (System.nanoTime() < end) {
            HttpResponse<String> usage = send("GET", "/v1/usage?group_by=tenant", null, key);
            assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
            total = json.readTree(usage.body()).get("total");
            if (total.get("requests").asLong() >= requests) {
                return total;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the ledger never counted " + requests + " requests: " + total);
    }
}
