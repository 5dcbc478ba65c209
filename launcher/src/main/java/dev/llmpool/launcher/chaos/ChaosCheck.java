package dev.llmpool.launcher.chaos;

import dev.llmpool.launcher.fuzz.TopicReader;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.names.Topics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What became of every job of a run with kills, from Kafka itself: the jobs are the keys published to
 * {@code llm.requests} (the run's pool is fresh, so every one is the run's), their ends the records on
 * {@code llm.results}. Waits until every job has a result or the wait is over, then counts: completed, failed, lost
 * (no result), duplicate results, the provider calls the simulator saw against the jobs, and for each kill the time to
 * the first result published after it.
 *
 * @param bootstrap the pool's Kafka
 * @param simulator the simulator's root URL (its {@code /_sim/stats}), or null
 * @param redis     the pool's Redis, to tell of a lost job whether its record ended (null: not asked)
 * @param kills     the kill log, or null
 * @param patience  how long to wait for the last results
 */
public record ChaosCheck(String bootstrap, URI simulator, String redis, Path kills, Duration patience) {

    private static final Duration TIMELINE_WINDOW = Duration.ofSeconds(5);

    /** The counts; {@link #passed} when no job was lost and none has two results. */
    public record Outcome(String report, boolean passed) {
    }

    public Outcome run(PrintStream progress) throws Exception {
        JobLedger ledger = new JobLedger();
        long end = System.nanoTime() + patience.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             TopicReader reader = TopicReader.fromStart(admin, bootstrap,
                     t -> t.equals(Topics.REQUESTS) || t.equals(Topics.RESULTS))) {
            int lastOpen = -1;
            while (true) {
                reader.catchUp(ledger::accept);
                int open = ledger.open().size();
                if (open != lastOpen) {
                    progress.printf("chaos-check: %d jobs sent, %d without a result%n", ledger.sent().size(), open);
                    lastOpen = open;
                }
                if (open == 0 || System.nanoTime() > end) {
                    break;
                }
                Thread.sleep(2000);
            }
        }
        return report(ledger, Kill.read(kills));
    }

    private Outcome report(JobLedger ledger, List<Kill> killLog) {
        int sent = ledger.sent().size();
        long completed = ledger.withStatus("completed");
        List<String> lost = ledger.open();
        long failed = sent - completed - lost.size();
        List<String> duplicates = ledger.duplicates();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("jobs sent (keys on %s)   %6d%n", Topics.REQUESTS, sent));
        sb.append(String.format("completed                        %6d%n", completed));
        sb.append(String.format("failed                           %6d%n", failed));
        sb.append(String.format("lost (sent, no result)           %6d%n", lost.size()));
        sb.append(String.format("duplicate results (2+ on %s) %3d%n", Topics.RESULTS, duplicates.size()));
        OptionalLong calls = providerCalls();
        if (calls.isPresent()) {
            sb.append(String.format("provider calls (simulator)       %6d  (%d more than the jobs: repeated calls)%n",
                    calls.getAsLong(), calls.getAsLong() - sent));
        }
        Map<String, String> lostRecords = recordStatus(lost);
        lost.stream().limit(20).forEach(job -> sb.append("  lost: ").append(job)
                .append(lostRecords.containsKey(job) ? " (its Redis record: " + lostRecords.get(job) + ")" : "")
                .append('\n'));
        duplicates.stream().limit(20).forEach(job -> sb.append("  duplicate: ").append(job).append(' ')
                .append(ledger.resultsOf(job)).append('\n'));
        if (!killLog.isEmpty()) {
            sb.append(String.format("recovery after each kill: %-26s %14s %22s%n", "", "first result",
                    "first result of a job"));
            sb.append(String.format("%-52s %14s %22s%n", "", "published", "published after it"));
            for (Kill kill : killLog) {
                sb.append(String.format("  %-50s %14s %22s%n", kill.what(),
                        seconds(ledger.firstResultAfter(kill.epochMillis()), kill),
                        seconds(ledger.firstResultOfJobSentAfter(kill.epochMillis()), kill)));
            }
        }
        List<Long> perWindow = ledger.resultsPer(TIMELINE_WINDOW.toMillis());
        if (!perWindow.isEmpty()) {
            sb.append("results per ").append(TIMELINE_WINDOW.toSeconds()).append(" s from the first job sent (")
                    .append(marks(ledger, killLog)).append("):\n  ");
            perWindow.forEach(n -> sb.append(n).append(' '));
            sb.append('\n');
        }
        boolean passed = sent > 0 && lost.isEmpty() && duplicates.isEmpty();
        sb.append(passed ? "PASSED: no job lost, no duplicate result\n" : "FAILED\n");
        return new Outcome(sb.toString(), passed);
    }

    /** When each kill came, in seconds from the first job sent. */
    private static String marks(JobLedger ledger, List<Kill> killLog) {
        long start = ledger.firstSent().orElse(0);
        StringBuilder sb = new StringBuilder("kills at");
        killLog.forEach(kill -> sb.append(String.format(" %.0f s", (kill.epochMillis() - start) / 1000.0)));
        return killLog.isEmpty() ? "no kills" : sb.toString();
    }

    private static String seconds(OptionalLong at, Kill kill) {
        return at.isPresent() ? String.format("%.1f s", (at.getAsLong() - kill.epochMillis()) / 1000.0) : "none";
    }

    private OptionalLong providerCalls() {
        if (simulator == null) {
            return OptionalLong.empty();
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<byte[]> stats = http.send(HttpRequest.newBuilder(URI.create(simulator.toString()
                    .replaceAll("/+$", "").replaceAll("/v1$", "") + "/_sim/stats")).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return OptionalLong.of(new JsonCodec().readTree(stats.body()).path("requests").asLong());
        } catch (Exception e) {
            return OptionalLong.empty();
        }
    }

    /** The status in Redis of each job asked for, when Redis can be asked. */
    private Map<String, String> recordStatus(List<String> jobs) {
        Map<String, String> out = new LinkedHashMap<>();
        if (redis == null || jobs.isEmpty()) {
            return out;
        }
        RedisClient client = RedisClient.create(redis);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (String job : jobs) {
                String status = connection.sync().hget(RedisKeys.job(job), "status");
                out.put(job, status == null ? "none" : status);
            }
        } catch (RuntimeException e) {
            // not asked
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        return out;
    }
}
