package dev.llmpool.launcher.fuzz;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * One fuzz run.
 *
 * @param gateway      the gateway's root, e.g. {@code http://127.0.0.1:8080}
 * @param bootstrap    the pool's Kafka
 * @param redis        the pool's Redis, for its memory before and after (null: not reported)
 * @param http         how many malformed HTTP requests (drawn at random by kind)
 * @param records      how many malformed Kafka records
 * @param seed         what the probes are made from: the same seed makes the same probes
 * @param model        the catalog model valid bodies ask for
 * @param provider     the provider whose topic gets stray attempts
 * @param concurrency  HTTP requests in flight at once
 * @param stalled      requests whose body stops halfway (each costs the server's read timeout)
 * @param sseLimit     the gateway's limit of followers per job ({@code max-subscriptions-per-job})
 * @param validJobs    valid jobs sent over Kafka once the fuzzing is done (and a quarter as many over HTTP)
 * @param settle       how long the pool may take, after the last probe, to dead-letter, finish and catch up
 * @param timeout      how long one HTTP answer may take
 * @param skip         kinds never sent (HTTP kinds like {@code odd-paths}, record kinds like
 *                     {@code requests/correlation-id-reused}): a known defect's kind while it is open
 */
public record FuzzSettings(URI gateway, String bootstrap, String redis, int http, int records, long seed,
                           String model, String provider, int concurrency, int stalled, int sseLimit, int validJobs,
                           Duration settle, Duration timeout, Set<String> skip) {

    public FuzzSettings {
        if (http < 0 || records < 0 || stalled < 0 || validJobs < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, was " + concurrency);
        }
        skip = Set.copyOf(skip);
        gateway = URI.create(gateway.toString().replaceAll("/+$", "").replaceAll("/v1$", ""));
    }

    /** The gateway's Prometheus scrape, where the router's partition counter is (under {@code llmpool up}). */
    URI prometheus() {
        return URI.create(gateway + "/actuator/prometheus");
    }
}
