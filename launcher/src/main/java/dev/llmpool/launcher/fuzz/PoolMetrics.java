package dev.llmpool.launcher.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The router's partition counter ({@code llmpool.router.partitions}: assigned, revoked, lost) read from the pool's
 * {@code /actuator/prometheus}. Empty when the endpoint cannot be read (the router runs elsewhere).
 */
final class PoolMetrics {

    private static final Pattern LINE = Pattern.compile(
            "^llmpool_router_partitions_total\\{([^}]*)}\\s+([0-9.eE+-]+)\\s*$", Pattern.MULTILINE);
    private static final Pattern EVENT = Pattern.compile("event=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI prometheus;

    PoolMetrics(URI prometheus) {
        this.prometheus = prometheus;
    }

    /** Partition events counted so far, by event; empty when unreadable. */
    Optional<Map<String, Long>> partitions() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(prometheus).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(parse(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Map<String, Long> parse(String text) {
        Map<String, Long> counts = new TreeMap<>();
        Matcher line = LINE.matcher(text);
        while (line.find()) {
            Matcher event = EVENT.matcher(line.group(1));
            if (event.find()) {
                counts.merge(event.group(1), (long) Double.parseDouble(line.group(2)), Long::sum);
            }
        }
        return counts;
    }
}
