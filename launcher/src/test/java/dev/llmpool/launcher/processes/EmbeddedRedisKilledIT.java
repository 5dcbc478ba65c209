package dev.llmpool.launcher.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmpool.schemas.json.JsonCodec;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} of the Redis that {@code llmpool up} runs: the pool notices and recovers by itself. While Redis is
 * away (the test holds its port for a while, so the outage lasts long enough to look at) health is DOWN and every
 * request path answers 503 {@code redis_unavailable} at once; then the supervised Redis is back on the same port with
 * the data it had, health is UP, an SSE tail and a chat completion waiting since before the kill get their jobs' ends
 * (their subscriptions were made again), and a new job completes.
 */
class EmbeddedRedisKilledIT {

    private static final Duration SAFETY_NET = Duration.ofSeconds(120);

    private final JsonCodec json = new JsonCodec();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    @TempDir
    Path dataDir;

    @Test
    void thePoolNoticesItsRedisDyingAndRecoversWhenItIsRestarted() throws Exception {
        int gateway = FreePorts.next();
        int redisPort = FreePorts.next();
        base = "http://127.0.0.1:" + gateway;
        try (LlmpoolProcess up = LlmpoolProcess.start("redis-killed", List.of("up", "--port",
                Integer.toString(gateway), "--kafka-port", Integer.toString(FreePorts.next()), "--redis-port",
                Integer.toString(redisPort), "--simulator-port", Integer.toString(FreePorts.next()), "--data-dir",
                dataDir.toString(), "-D", "management.endpoint.health.show-components=always"))) {
            up.awaitOutput(line -> line.startsWith("llmpool is up"), SAFETY_NET);
            assertThat(health()).isEqualTo("UP");
            HttpResponse<String> before = post("/v1/chat/completions", chat("before the outage"));
            assertThat(before.statusCode()).isEqualTo(200);
            String beforeId = before.headers().firstValue("x-llmpool-job-id").orElseThrow();
            // a job followed as SSE and a chat completion waited for, both answered by the provider after the kill
            String slowId = submitJob(job("answered across the outage [sim:delay=3s]"));
            List<String> slowEvents = follow(slowId);
            CompletableFuture<HttpResponse<String>> waited = http.sendAsync(request("/v1/chat/completions")
                    .header("x-llmpool-job-id", "waited-across-the-outage")
                    .POST(HttpRequest.BodyPublishers.ofString(chat("waited for across the outage [sim:delay=3s]")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(SAFETY_NET).until(() -> slowEvents.contains("queued")
                    && "running".equals(status("waited-across-the-outage")));

            Path pidFile = dataDir.resolve("redis").resolve("redis.pid");
            long killedPid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle redis = ProcessHandle.of(killedPid).orElseThrow();
            redis.destroyForcibly();
            redis.onExit().get();
            try (ServerSocket heldPort = hold(redisPort)) {
                await().atMost(SAFETY_NET).until(() -> "DOWN".equals(health()));
                JsonNode components = json.readTree(get("/actuator/health").body()).get("components");
                assertThat(components.get("redis").get("status").asString()).isEqualTo("DOWN");
                assertThat(components.get("kafka").get("status").asString()).isEqualTo("UP");
                assertRedisUnavailable(post("/v1/chat/completions", chat("during the outage")));
                assertRedisUnavailable(post("/v1/jobs", job("during the outage")));
                assertRedisUnavailable(get("/v1/jobs/" + beforeId));
                assertRedisUnavailable(get("/v1/jobs/" + beforeId + "/events"));
            }

            await().atMost(SAFETY_NET).until(() -> "UP".equals(health()));
            assertThat(Long.parseLong(Files.readString(pidFile).strip())).isNotEqualTo(killedPid);
            assertThat(up.countOutput(line -> line.contains("Embedded Redis on port " + redisPort
                    + " exited with code 137"))).isEqualTo(1);
            JsonNode beforeJob = json.readTree(get("/v1/jobs/" + beforeId).body());
            assertThat(beforeJob.get("status").asString()).isEqualTo("completed");
            await().atMost(SAFETY_NET).until(() -> slowEvents.contains("completed"));
            assertThat(waited.get().statusCode()).isEqualTo(200);
            HttpResponse<String> after = post("/v1/chat/completions", chat("after the outage"));
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(json.readTree(after.body()).get("choices").get(0).get("message").get("content").asString())
                    .isNotBlank();
            JsonNode restarts = json.readTree(get("/actuator/metrics/llmpool.redis.embedded.restarts").body());
            assertThat(restarts.get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
            up.stop(SAFETY_NET);
        }
    }

    private void assertRedisUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        JsonNode error = json.readTree(response.body()).get("error");
        assertThat(error.get("code").asString()).isEqualTo("redis_unavailable");
        assertThat(error.get("type").asString()).isEqualTo("service_unavailable");
        assertThat(error.get("message").asString()).isEqualTo("The pool's Redis is unavailable; retry shortly");
    }

    /** Takes the dead server's port, so its restart fails until the port is free again. */
    private static ServerSocket hold(int port) throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        return socket;
    }

    private static String chat(String content) {
        return """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"%s"}]}""".formatted(content);
    }

    private static String job(String content) {
        return "{\"body\":" + chat(content) + "}";
    }

    private String submitJob(String body) throws Exception {
        HttpResponse<String> response = post("/v1/jobs", body);
        assertThat(response.statusCode()).isEqualTo(202);
        return json.readTree(response.body()).get("id").asString();
    }

    /** The types of the job's SSE events as they arrive, read on a thread of their own. */
    private List<String> follow(String id) {
        List<String> types = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs/"
                        + id + "/events")).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                        StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (line.startsWith("event:")) {
                            types.add(line.substring(6).strip());
                        }
                    }
                }
            } catch (Exception e) {
                types.add("error: " + e);
            }
        });
        return types;
    }

    /** The job's status, or null while it has no record. */
    private String status(String id) throws Exception {
        HttpResponse<String> response = get("/v1/jobs/" + id);
        return response.statusCode() == 200 ? json.readTree(response.body()).get("status").asString() : null;
    }

    private String health() throws Exception {
        return json.readTree(get("/actuator/health").body()).get("status").asString();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
