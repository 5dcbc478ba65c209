package dev.llmpool.launcher.command;

import dev.llmpool.launcher.fuzz.Fuzz;
import dev.llmpool.launcher.fuzz.FuzzReport;
import dev.llmpool.launcher.fuzz.FuzzSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code llmpool fuzz}: seeded malformed HTTP requests and Kafka records against a running pool, then the checks.
 * Exits 1 when an invariant broke.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send seeded malformed HTTP requests and Kafka records to a running pool (llmpool up), then "
                + "valid jobs, and check: every answer a 4xx/503 in the OpenAI error shape (a 2xx only for a valid "
                + "request), every bad record a dead letter, every valid job completed, no consumer lag left, no "
                + "rebalance of the router's group. Exits 1 when any of these broke.",
                "Only for a pool on this machine with the simulator as its provider: valid requests are real jobs."})
public final class FuzzCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--gateway", defaultValue = "http://127.0.0.1:8080",
            description = "The gateway (default ${DEFAULT-VALUE}); its /actuator/prometheus shows the router's "
                    + "partitions under llmpool up.")
    String gateway;

    @Option(names = "--kafka", defaultValue = "127.0.0.1:9092", description = "The pool's Kafka (default ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--redis", description = "The pool's Redis, e.g. redis://127.0.0.1:6379: its used_memory is "
            + "reported before and after.")
    String redis;

    @Option(names = "--http", defaultValue = "1000", description = "Malformed HTTP requests (default ${DEFAULT-VALUE}).")
    int http;

    @Option(names = "--records", defaultValue = "1000", description = "Malformed records (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--seed", defaultValue = "1", description = "The same seed sends the same probes (default "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model", defaultValue = "gpt-4o-mini", description = "Model of valid bodies (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--provider", defaultValue = "openai",
            description = "Provider whose topic gets stray attempts (default ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--concurrency", defaultValue = "16", description = "HTTP requests at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--stalled", defaultValue = "5",
            description = "Requests whose body stops halfway; each waits out the server's read timeout (default "
                    + "${DEFAULT-VALUE}).")
    int stalled;

    @Option(names = "--sse-limit", defaultValue = "16",
            description = "The gateway's llmpool.gateway.limits.max-subscriptions-per-job (default ${DEFAULT-VALUE}).")
    int sseLimit;

    @Option(names = "--valid", defaultValue = "40",
            description = "Valid jobs over Kafka afterwards, and a quarter as many over HTTP (default ${DEFAULT-VALUE}).")
    int valid;

    @Option(names = "--settle", defaultValue = "180s",
            description = "How long the pool may take to dead-letter, finish and catch up (default ${DEFAULT-VALUE}).")
    String settle;

    @Option(names = "--timeout", defaultValue = "150s",
            description = "Per HTTP answer (default ${DEFAULT-VALUE}: longer than a job's default deadline, 120 s, "
                    + "so a valid request gets its answer or its 504).")
    String timeout;

    @Option(names = "--skip", split = ",", description = "Kinds not to send, e.g. --skip "
            + "requests/correlation-id-reused (the report's first column names them).")
    java.util.Set<String> skip = new java.util.LinkedHashSet<>();

    @Option(names = "--report", description = "Also write the report to this file.")
    Path reportFile;

    FuzzSettings settings() {
        try {
            return new FuzzSettings(URI.create(gateway), kafka, redis, http, records, seed, model, provider,
                    concurrency, stalled, sseLimit, valid, BenchCommand.parseDuration(settle),
                    BenchCommand.parseDuration(timeout), skip);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        FuzzReport report = new Fuzz(System.err).run(settings());
        String text = report.render();
        System.out.print(text);
        if (reportFile != null) {
            Files.writeString(reportFile, text);
        }
        return report.passed() ? 0 : 1;
    }
}
