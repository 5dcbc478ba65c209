package dev.llmpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import dev.llmpool.testing.KafkaProbe;
import dev.llmpool.testing.PoolInfra;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
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
 * The gateway's HTTP edge on a real Tomcat over real Kafka and Redis: whatever a client sends, the answer is
 * OpenAI's error shape with a 4xx, the request limits hold while the body is still arriving, and a refused request
 * leaves nothing in Redis or Kafka. The limits are set small here ({@code max-body-size} 64 KiB, 8 messages, 4
 * choices, 2 followers per job) so each case costs milliseconds; Tomcat gives up on a stalled body after 1 s.
 */
@SpringBootTest(classes = GatewayEdgeIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.threads.virtual.enabled=true", "llmpool.gateway.keepalive-interval=200ms",
                "llmpool.gateway.limits.max-body-size=64KB", "llmpool.gateway.limits.max-messages=8",
                "llmpool.gateway.limits.max-choices=4", "llmpool.gateway.limits.max-subscriptions-per-job=2",
                "server.tomcat.connection-timeout=1s", "server.tomcat.keep-alive-timeout=60s"})
class GatewayEdgeIT {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        PoolInfra.shared().register(registry);
    }

    private static final int LIMIT = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static KafkaProbe kafka;

    @BeforeAll
    static void probe() {
        kafka = KafkaProbe.shared();
    }

    @AfterAll
    static void closeProbe() {
        kafka.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JsonCodec json;
    @Autowired
    EnvelopeReader envelopes;
    @Autowired
    JobStore store;
    @Autowired
    JobEventStream events;
    @Autowired
    StatefulRedisConnection<String, String> redis;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    // ---- POST /v1/jobs takes a plain chat body too ---------------------------------------------------------------

    @Test
    void aPlainChatBodyPostedAsAJobRunsWithTheDefaultOptions() throws Exception {
        String id = "edge-plain-" + UUID.randomUUID();
        HttpResponse<String> accepted = post("/v1/jobs", """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Plain"}],"temperature":0.2}""",
                "x-llmpool-job-id", id);

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(json.readTree(accepted.body()).get("id").asString()).isEqualTo(id);
        JobRequest job = envelopes.read(kafka.firstWithKey(Topics.REQUESTS, id, WAIT).value(), Envelope.JOB_REQUEST,
                JobRequest.class);
        assertThat(job.body().model()).isEqualTo("gpt-4o-mini");
        assertThat(job.body().messages().getFirst().content().asString()).isEqualTo("Plain");
        assertThat(job.body().temperature()).isEqualTo(0.2);
        assertThat(job.priority()).isEqualTo(Priority.INTERACTIVE);
        assertThat(job.streamsTokens()).isTrue();
        assertThat(job.metadata()).isEmpty();
        assertThat(Duration.between(job.createdAt(), job.deadline())).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void aJobBodyThatIsBothAChatBodyAndAnEnvelopeIsRefusedAsAmbiguous() throws Exception {
        String id = "edge-both-" + UUID.randomUUID();
        HttpResponse<String> refused = post("/v1/jobs", """
                {"messages":[{"role":"user","content":"x"}],"body":{"model":"gpt-4o-mini",
                 "messages":[{"role":"user","content":"y"}]}}""", "x-llmpool-job-id", id);

        JsonNode error = openAiError(refused.statusCode(), refused.body(), 400);
        assertThat(error.get("message").asString()).contains("'messages'").contains("'body'");
        assertNothingStored(id);
    }

    // ---- request limits, checked while the body arrives ------------------------------------------------------------

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedBeforeAByteOfItIsSent() throws Exception {
        String id = "edge-declared-" + UUID.randomUUID();
        try (RawHttp raw = new RawHttp(port)) {
            raw.head("POST /v1/jobs HTTP/1.1", "Content-Type: application/json", "Content-Length: 157286400",
                    "x-llmpool-job-id: " + id);
            RawHttp.Response response = raw.read();

            JsonNode error = openAiError(response.status(), response.body(), 413);
            assertThat(error.get("code").asString()).isEqualTo("request_too_large");
            assertThat(error.get("message").asString()).contains("157286400").contains(Integer.toString(LIMIT));
        }
        assertNothingStored(id);
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWhileItIsStillArriving() throws Exception {
        String id = "edge-chunked-" + UUID.randomUUID();
        byte[] chunk = new byte[4096];
        Arrays.fill(chunk, (byte) ' ');
        try (RawHttp raw = new RawHttp(port)) {
            raw.head("POST /v1/chat/completions HTTP/1.1", "Content-Type: application/json",
                    "Transfer-Encoding: chunked", "x-llmpool-job-id: " + id);
            raw.chunk("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                    .getBytes(StandardCharsets.UTF_8));
            while (raw.sent() < LIMIT + 4 * chunk.length) {
                raw.chunk(chunk);
            }
            // The body never ends: only a gateway that stopped reading at the limit can answer now.
            RawHttp.Response response = raw.read();

            JsonNode error = openAiError(response.status(), response.body(), 413);
            assertThat(error.get("code").asString()).isEqualTo("request_too_large");
            assertThat(error.get("message").asString()).contains(Integer.toString(LIMIT));
        }
        assertNothingStored(id);
    }

    @Test
    void aBodyJustUnderTheLimitIsQueued() throws Exception {
        String id = "edge-under-" + UUID.randomUUID();
        String filler = "x".repeat(LIMIT - 200);
        HttpResponse<String> accepted = post("/v1/jobs", """
                {"body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"%s"}]}}""".formatted(filler),
                "x-llmpool-job-id", id);

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(kafka.firstWithKey(Topics.REQUESTS, id, WAIT).value().length).isGreaterThan(LIMIT - 200);
    }

    @Test
    void tooManyMessagesIsA400NamingTheLimit() throws Exception {
        String id = "edge-messages-" + UUID.randomUUID();
        String messages = String.join(",", java.util.Collections.nCopies(9, "{\"role\":\"user\",\"content\":\"x\"}"));
        HttpResponse<String> refused = post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[" + messages + "]}", "x-llmpool-job-id", id,
                "x-llmpool-timeout", "1000");

        JsonNode error = openAiError(refused.statusCode(), refused.body(), 400);
        assertThat(error.get("param").asString()).isEqualTo("messages");
        assertThat(error.get("code").asString()).isEqualTo("array_above_max_length");
        assertThat(error.get("message").asString()).contains("maximum length 8").contains("length 9");
        assertNothingStored(id);
    }

    @Test
    void aCompletionCapOverTheModelsOutputLimitIsA400() throws Exception {
        for (String[] c : List.of(
                new String[] {"/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",%s,\"max_tokens\":16385}",
                        "max_tokens", "16384"},
                new String[] {"/v1/chat/completions",
                        "{\"model\":\"fast\",%s,\"max_completion_tokens\":20000}", "max_completion_tokens", "16384"},
                new String[] {"/v1/jobs", "{\"body\":{\"model\":\"gpt-4o-mini\",%s,\"max_tokens\":99999}}",
                        "body.max_tokens", "16384"},
                new String[] {"/v1/chat/completions", "{\"model\":\"local-llama\",%s,\"max_tokens\":8193}",
                        "max_tokens", "8192"})) {
            String id = "edge-cap-" + UUID.randomUUID();
            HttpResponse<String> refused = post(c[0],
                    c[1].formatted("\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]"), "x-llmpool-job-id", id,
                    "x-llmpool-timeout", "1000");

            JsonNode error = openAiError(refused.statusCode(), refused.body(), 400);
            assertThat(error.get("param").asString()).isEqualTo(c[2]);
            assertThat(error.get("message").asString()).contains(c[3]);
            assertNothingStored(id);
        }
    }

    @Test
    void moreChoicesThanAllowedIsA400() throws Exception {
        String id = "edge-choices-" + UUID.randomUUID();
        HttpResponse<String> refused = post("/v1/chat/completions", """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}],"n":5}""", "x-llmpool-job-id", id,
                "x-llmpool-timeout", "1000");

        JsonNode error = openAiError(refused.statusCode(), refused.body(), 400);
        assertThat(error.get("param").asString()).isEqualTo("n");
        assertThat(error.get("message").asString()).contains("4");
        assertNothingStored(id);
    }

    // ---- every answer is OpenAI's error shape ----------------------------------------------------------------------

    @Test
    void anEncodedSlashInAPathIsA400InTheOpenAiShape() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/jobs/x%2Fy")).GET());
        openAiError(response.statusCode(), response.body(), 400);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                c -> assertThat(c).startsWith("application/json"));
    }

    @Test
    void aRequestLineTomcatCannotParseIsA400InTheOpenAiShape() throws Exception {
        try (RawHttp raw = new RawHttp(port)) {
            raw.head("GET /v1/jobs/a\"b HTTP/1.1");
            RawHttp.Response response = raw.read();
            openAiError(response.status(), response.body(), 400);
        }
    }

    @Test
    void theErrorPageItselfIsAnUnknownUrl() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/error")).GET());
        JsonNode error = openAiError(response.statusCode(), response.body(), 404);
        assertThat(error.get("code").asString()).isEqualTo("unknown_url");
    }

    @Test
    void traceIsA405InTheOpenAiShape() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/models"))
                .method("TRACE", HttpRequest.BodyPublishers.noBody()));
        assertThat(openAiError(response.statusCode(), response.body(), 405).get("message").asString())
                .contains("TRACE");
    }

    @Test
    void wrongPathsMethodsAndMediaTypesAreOpenAiErrorsWhateverTheClientAccepts() throws Exception {
        for (String accept : List.of("text/html", "application/xml", "*/*")) {
            HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri("/v1/nothing-here")).header("Accept", accept)
                    .GET());
            assertThat(openAiError(unknown.statusCode(), unknown.body(), 404).get("code").asString())
                    .isEqualTo("unknown_url");
            HttpResponse<String> method = send(HttpRequest.newBuilder(uri("/v1/models")).header("Accept", accept)
                    .DELETE());
            openAiError(method.statusCode(), method.body(), 405);
            HttpResponse<String> mediaType = send(HttpRequest.newBuilder(uri("/v1/jobs")).header("Accept", accept)
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")));
            openAiError(mediaType.statusCode(), mediaType.body(), 415);
        }
    }

    @Test
    void aBodyThatStallsIsA408InTheOpenAiShape() throws Exception {
        try (RawHttp raw = new RawHttp(port)) {
            raw.head("POST /v1/chat/completions HTTP/1.1", "Content-Type: application/json", "Content-Length: 100");
            raw.send("{\"model\":".getBytes(StandardCharsets.UTF_8));
            RawHttp.Response response = raw.read();
            openAiError(response.status(), response.body(), 408);
        }
    }

    @Test
    void malformedUtf8InAJsonBodyIsA400() throws Exception {
        byte[] overlongSlash = {(byte) 0xC0, (byte) 0xAF};
        byte[] loneContinuation = {(byte) 0x80};
        byte[] encodedSurrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        for (byte[] bad : List.of(overlongSlash, loneContinuation, encodedSurrogate)) {
            String id = "edge-utf8-" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"a"
                    .getBytes(StandardCharsets.UTF_8));
            body.write(bad);
            body.write("b\"}]}".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                    .header("Content-Type", "application/json").header("x-llmpool-job-id", id)
                    .header("x-llmpool-timeout", "1000")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));

            JsonNode error = openAiError(response.statusCode(), response.body(), 400);
            assertThat(error.get("message").asString()).containsIgnoringCase("UTF-8");
            assertNothingStored(id);
        }
    }

    @Test
    void aJobFollowedByAsManyClientsAsAllowedRefusesTheNextWithA429UntilTheyAreGone() throws Exception {
        String id = "edge-followers-" + UUID.randomUUID();
        assertThat(post("/v1/jobs", """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Followed"}]}""", "x-llmpool-job-id", id)
                .statusCode()).isEqualTo(202);
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                HttpResponse<InputStream> follower = http.send(events(id), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(follower.statusCode()).isEqualTo(200);
                open.add(follower.body());
                assertThat(firstEventType(follower.body())).isEqualTo("queued");
            }

            HttpResponse<String> third = http.send(events(id), HttpResponse.BodyHandlers.ofString());
            JsonNode error = openAiError(third.statusCode(), third.body(), 429);
            assertThat(error.get("message").asString()).contains("2");
            HttpResponse<String> streamed = post("/v1/chat/completions", """
                    {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Followed"}],"stream":true}""",
                    "x-llmpool-job-id", id, "x-llmpool-timeout", "1000");
            openAiError(streamed.statusCode(), streamed.body(), 429);

            finish(id);
            for (InputStream follower : open) {
                follower.readAllBytes();
            }
            HttpResponse<String> after = http.send(events(id), HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).contains("event: completed");
        } finally {
            for (InputStream follower : open) {
                follower.close();
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Asserts the status and OpenAI's {@code {"error":{message,type,param,code}}} and returns the error. */
    private JsonNode openAiError(int status, String body, int expected) {
        assertThat(status).as("status of %s", body).isEqualTo(expected);
        JsonNode root = json.readTree(body);
        assertThat(root.propertyNames()).containsExactly("error");
        JsonNode error = root.get("error");
        assertThat(error.propertyNames()).containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(error.get("message").asString()).isNotBlank();
        assertThat(error.get("type").asString()).isEqualTo(expected >= 500 ? "server_error"
                : expected == 429 ? "rate_limit_error" : "invalid_request_error");
        return error;
    }

    /** No Redis key names the job (the job record is written before anything is published, so Kafka has none). */
    private void assertNothingStored(String id) {
        assertThat(redis.sync().keys("*" + id + "*")).isEmpty();
        assertThat(store.find(id)).isEmpty();
    }

    private void finish(String id) {
        ChatCompletion completion = new ChatCompletion("chatcmpl-edge", ChatCompletion.OBJECT,
                Instant.now().getEpochSecond(), "gpt-4o-mini",
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant("Done", null, null), null, "stop")),
                Usage.of(1, 1), null);
        JobResult result = JobResult.builder().correlationId(id).status(JobStatus.COMPLETED).model("gpt-4o-mini")
                .provider("openai").response(completion)
                .attempts(List.of(new AttemptSummary(id + ":1", 1, "openai", "gpt-4o-mini", true, null, null, 5,
                        Usage.of(1, 1), 0.0)))
                .createdAt(Instant.now()).completedAt(Instant.now()).build();
        store.complete(id, JobStatus.COMPLETED, json.toJson(result));
        events.append(StreamEvent.completed(result, Instant.now()));
    }

    private static String firstEventType(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b != '\n') {
                line.append((char) b);
                continue;
            }
            if (line.toString().startsWith("event: ")) {
                return line.substring(7);
            }
            line.setLength(0);
        }
        return null;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpRequest events(String id) {
        return HttpRequest.newBuilder(uri("/v1/jobs/" + id + "/events")).timeout(Duration.ofSeconds(60))
                .header("Accept", "text/event-stream").build();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder);
    }
}
