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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load over HTTP: {@code concurrency} clients on virtual threads, each sending its next request
 * when the previous one finished, until {@code requests} are done. Every prompt is unique, so no cache helps.
 */
public final class HttpLoad {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    public BenchResult run(String target, String baseUrl, String model, int requests, int concurrency,
                           boolean stream) throws InterruptedException {
        long[] latency = new long[requests];
        long[] firstToken = new long[stream ? requests : 0];
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                clients.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < requests) {
                        long t0 = System.nanoTime();
                        long ttft = one(baseUrl, model, stream, t0, errors);
                        latency[i] = System.nanoTime() - t0;
                        if (stream) {
                            firstToken[i] = ttft;
                        }
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new BenchResult(target, LatencyStats.of(latency), LatencyStats.of(firstToken), errors.get(), seconds,
                requests / seconds);
    }

    /** Sends one request; returns nanoseconds to the first content chunk when streaming. */
    private long one(String baseUrl, String model, boolean stream, long t0, AtomicLong errors) {
        String body = """
                {"model":"%s","stream":%s,"messages":[{"role":"user","content":"bench %s"}]}"""
                .formatted(model, stream, UUID.randomUUID());
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer bench").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            if (!stream) {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    errors.incrementAndGet();
                }
                return 0;
            }
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long ttft = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (ttft == 0 && line.startsWith("data:") && line.contains("\"content\":\"")
                            && !line.contains("\"content\":\"\"")) {
                        ttft = System.nanoTime() - t0;
                    }
                }
            }
            if (response.statusCode() != 200 || ttft == 0) {
                errors.incrementAndGet();
            }
            return ttft;
        } catch (Exception e) {
            errors.incrementAndGet();
            return 0;
        }
    }
}
