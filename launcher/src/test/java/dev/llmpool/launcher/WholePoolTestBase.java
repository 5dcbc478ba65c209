package dev.llmpool.launcher;

import dev.llmpool.launcher.app.LlmPoolApplication;
import dev.llmpool.testing.PoolInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole pool in one JVM, as {@code llmpool up} runs it: gateway, router and workers in one Spring context,
 * on a real KRaft broker, a real Redis server and the provider simulator over real HTTP. The routing rules are
 * {@link TestRoutes}' file (the shipped rules plus a {@code checked} route), checked for changes every 100 ms; idle
 * SSE responses get a keep-alive every 200 ms. Files live in {@code target/llmpool-files-<pid>}; batches are swept every
 * 200 ms, their windows may be as short as 1 s and a cancel's grace is 500 ms.
 */
@SpringBootTest(classes = LlmPoolApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class WholePoolTestBase {

    protected final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Value("${local.server.port}")
    protected int port;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        PoolInfra.shared().register(registry);
        registry.add("llmpool.routing.location", TestRoutes::location);
        registry.add("llmpool.routing.reload-interval", () -> "100ms");
        registry.add("llmpool.gateway.keepalive-interval", () -> "200ms");
        // one files folder for every whole-pool context of the JVM (any context's batch runner may write a part),
        // one per test JVM (failsafe runs two at once, each with its own Redis: a folder shared between them would
        // hold parts that one JVM's batch runner knows nothing of)
        registry.add("llmpool.files.local.dir", () -> "target/llmpool-files-" + ProcessHandle.current().pid());
        // batches: windows from 1 s, a quick sweep, grace and part flush, so batch tests take seconds
        registry.add("llmpool.batch.min-completion-window", () -> "1s");
        registry.add("llmpool.batch.sweep-interval", () -> "200ms");
        registry.add("llmpool.batch.cancel-grace", () -> "500ms");
        registry.add("llmpool.batch.part-interval", () -> "100ms");
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    protected HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The same body sent straight to the simulator: what the pool's answer must equal. */
    protected HttpResponse<String> postToSimulator(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(PoolInfra.shared().simulatorOpenAiBaseUrl()
                        + "/chat/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
