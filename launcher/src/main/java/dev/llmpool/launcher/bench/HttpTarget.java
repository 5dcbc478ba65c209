package dev.llmpool.launcher.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible endpoint over HTTP/1.1 ({@code POST <base>/chat/completions}): the simulator called directly
 * (the calibration) or the pool's gateway. Streaming calls read the SSE body line by line and note the first frame
 * that carries content.
 */
public final class HttpTarget implements Target {

    private final String name;
    private final String authorization;
    private final URI uri;
    private final Prompts prompts;
    private final boolean stream;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;

    public HttpTarget(String name, String baseUrl, Prompts prompts, boolean stream, Duration timeout,
                      String apiKey) {
        this.name = name;
        this.authorization = "Bearer " + (apiKey == null || apiKey.isBlank() ? "bench" : apiKey);
        this.uri = URI.create(baseUrl.replaceAll("/$", "") + "/chat/completions");
        this.prompts = prompts;
        this.stream = stream;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(executor).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Sample call(long startNanos) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(prompts.body(stream))).build();
        try {
            if (!stream) {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                long latency = System.nanoTime() - startNanos;
                return response.statusCode() == 200 ? Sample.ok(latency, 0)
                        : Sample.failed(latency, "HTTP " + response.statusCode());
            }
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long firstToken = 0;
            boolean done = false;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (firstToken == 0 && carriesContent(line)) {
                        firstToken = System.nanoTime() - startNanos;
                    }
                    done |= line.equals("data: [DONE]");
                }
            }
            long latency = System.nanoTime() - startNanos;
            if (response.statusCode() != 200) {
                return Sample.failed(latency, "HTTP " + response.statusCode());
            }
            if (firstToken == 0 || !done) {
                return Sample.failed(latency, firstToken == 0 ? "stream without content" : "stream without [DONE]");
            }
            return Sample.ok(latency, firstToken);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Sample.failed(System.nanoTime() - startNanos, e);
        } catch (Exception e) {
            return Sample.failed(System.nanoTime() - startNanos, e);
        }
    }

    /** An SSE data frame with a non-empty {@code delta.content}. */
    static boolean carriesContent(String line) {
        return line.startsWith("data:") && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"");
    }

    @Override
    public void close() {
        http.close();
        executor.close();
    }
}
