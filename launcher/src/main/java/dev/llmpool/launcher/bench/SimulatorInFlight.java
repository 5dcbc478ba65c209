package dev.llmpool.launcher.bench;

import dev.llmpool.schemas.json.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * Samples how many calls the provider simulator is serving at once while a run goes on, from its counters
 * ({@code GET /_sim/stats}: requests received minus those answered or failed). During a pool run these are the calls
 * the pool's workers have in flight at the provider: the concurrency a worker process really sustains.
 */
public final class SimulatorInFlight implements AutoCloseable {

    /**
     * What was seen.
     *
     * @param samples how many samples could be read (0: the simulator has no stats endpoint there)
     */
    public record Seen(long max, double mean, int samples) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonCodec json = new JsonCodec();
    private final URI stats;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean running = true;
    private long max;
    private long sum;
    private int samples;

    private SimulatorInFlight(URI stats, Duration interval) {
        this.stats = stats;
        this.interval = interval;
        this.thread = Thread.ofPlatform().daemon().name("bench-simulator-in-flight").start(this::loop);
    }

    /** Starts sampling the simulator whose OpenAI base URL ({@code http://host:port/v1}) is given. */
    public static SimulatorInFlight start(String openAiBaseUrl, Duration interval) {
        return new SimulatorInFlight(statsUri(openAiBaseUrl), interval);
    }

    /** {@code http://127.0.0.1:8090/v1} → {@code http://127.0.0.1:8090/_sim/stats}. */
    static URI statsUri(String openAiBaseUrl) {
        String base = openAiBaseUrl.replaceAll("/+$", "").replaceAll("/v1$", "");
        return URI.create(base + "/_sim/stats");
    }

    /** Calls being served according to one stats document. */
    static long inFlight(JsonNode stats) {
        long errors = 0;
        for (JsonNode n : stats.path("errorsByStatus")) {
            errors += n.asLong();
        }
        return stats.path("requests").asLong() - stats.path("completed").asLong() - errors
                - stats.path("streamErrors").asLong();
    }

    private void loop() {
        while (running) {
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(stats).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200) {
                    record(inFlight(json.readTree(response.body())));
                }
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // not a simulator, or too busy to answer this time: skip the sample
            }
        }
    }

    private synchronized void record(long n) {
        max = Math.max(max, n);
        sum += n;
        samples++;
    }

    public synchronized Seen seen() {
        return new Seen(max, samples == 0 ? 0 : (double) sum / samples, samples);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
