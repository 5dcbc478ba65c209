package dev.llmpool.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.launcher.LlmPoolCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml started for real: the image built from this repository (docker/Dockerfile), Kafka, Redis and
 * MinIO from their images, the gateway, the router, two openai workers and a local worker, the batch runner, the
 * simulator standing in for both providers. Waits for every pool process's own health check, then sends chat
 * completions through the gateway and runs a batch with {@code llmpool batch submit --wait} (files in MinIO).
 * <p>
 * Needs a Docker engine with Compose v2 ({@code docker compose}) and takes minutes the first time (the image build
 * downloads Maven and the project's dependencies). Where no Docker engine runs, the class is skipped;
 * {@link ComposeFileTest} checks the file there.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {

    private static final Duration STARTUP = Duration.ofMinutes(20);

    private static final int GATEWAY_PORT = freePort();

    /** Host ports from free ones, so the stack never collides with a pool already running here. */
    @Container
    static final ComposeContainer STACK = new ComposeContainer(
            ComposeFile.repoRoot().resolve("docker-compose.yml").toFile())
            .withBuild(true)
            .withPull(false) // `up` pulls the public images it lacks; the pool's image is built, never pulled
            .withEnv(Map.of(
                    "LLMPOOL_GATEWAY_PORT", Integer.toString(GATEWAY_PORT),
                    "LLMPOOL_KAFKA_PORT", Integer.toString(freePort()),
                    "LLMPOOL_REDIS_PORT", Integer.toString(freePort()),
                    "LLMPOOL_SIMULATOR_PORT", Integer.toString(freePort()),
                    "LLMPOOL_MINIO_PORT", Integer.toString(freePort()),
                    "LLMPOOL_MINIO_CONSOLE_PORT", Integer.toString(freePort()),
                    "OPENAI_API_KEY", "", // never a real provider from a test
                    "LOCAL_BASE_URL", ""))
            .withServices("kafka", "redis", "minio", "simulator", "gateway", "router", "openai-worker",
                    "local-worker", "batch-runner")
            .withScaledService("openai-worker", 2)
            .waitingFor("gateway", Wait.forHealthcheck().withStartupTimeout(STARTUP))
            .waitingFor("router", Wait.forHealthcheck().withStartupTimeout(STARTUP))
            .waitingFor("openai-worker", Wait.forHealthcheck().withStartupTimeout(STARTUP))
            .waitingFor("local-worker", Wait.forHealthcheck().withStartupTimeout(STARTUP))
            .waitingFor("batch-runner", Wait.forHealthcheck().withStartupTimeout(STARTUP))
            .withStartupTimeout(STARTUP);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @ParameterizedTest(name = "{0} is answered by the {1} worker through the gateway")
    @CsvSource({"gpt-4o-mini, openai", "local-llama, local"})
    void aChatCompletionTravelsTheWholeStack(String model, String provider) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder()
                .uri(URI.create("http://127.0.0.1:" + GATEWAY_PORT + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(90))
                .header("content-type", "application/json")
                .header("x-llmpool-timeout", "60000")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"%s","messages":[{"role":"user","content":"Say hello from compose"}]}"""
                        .formatted(model)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-llmpool-provider")).contains(provider);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("choices").path(0).path("message").path("content").asString()).isNotBlank();
    }

    @Test
    void aBatchRunsThroughTheGatewayTheBatchRunnerAndMinio(@TempDir Path temp) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            lines.append("{\"custom_id\":\"c-").append(i).append("\",\"method\":\"POST\",\"url\":"
                    + "\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":"
                    + "\"user\",\"content\":\"Say hello from compose ").append(i).append("\"}]}}\n");
        }
        Path input = Files.writeString(temp.resolve("compose.jsonl"), lines);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = new CommandLine(new LlmPoolCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("batch", "submit", input.toString(), "--wait", "--progress", "plain",
                        "--gateway", "http://127.0.0.1:" + GATEWAY_PORT);

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("\n  lines       5: 5 completed, 0 failed\n").contains("\n  output      file-");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
