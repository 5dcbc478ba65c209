package dev.llmpool.launcher.command;

import dev.llmpool.launcher.bench.Bench;
import dev.llmpool.launcher.bench.BenchMode;
import dev.llmpool.launcher.bench.BenchReport;
import dev.llmpool.launcher.bench.BenchSettings;
import dev.llmpool.launcher.bench.LoadPlan;
import dev.llmpool.launcher.bench.Prompts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code llmpool bench}: calibrates against the provider simulator called directly, then runs the same load
 * through the pool (over HTTP or Kafka), and reports both, the difference, and the pool's peak RSS. Same machine,
 * same load generator, warmed up, one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure latency and throughput through the pool against the simulator called directly.",
                "HTTP mode sends OpenAI chat completions to the gateway; Kafka mode publishes jobs to llm.requests and "
                        + "waits for each result on llm.results. Exits 1 when any call failed."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mode", defaultValue = "http", description = "http or kafka (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--pool", defaultValue = "http://127.0.0.1:8080/v1", description = "Gateway base URL (http mode).")
    String pool;

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "Pool's Kafka (kafka mode).")
    String bootstrap;

    @Option(names = "--direct", defaultValue = "http://127.0.0.1:8090/v1",
            description = "Simulator base URL for the calibration run (empty to skip).")
    String direct;

    @Option(names = "--model", defaultValue = "gpt-4o-mini", description = "Model to ask for.")
    String model;

    @Option(names = "--max-tokens", defaultValue = "0", description = "max_tokens of each call (0 = not sent).")
    int maxTokens;

    @Option(names = "--repeat", description = {"Send one deterministic request (temperature 0) every time instead of a "
            + "new one: after the first, the pool answers from its cache (measures a cache hit)."})
    boolean repeat;

    @Option(names = "--requests", defaultValue = "100", description = "Measured requests per run.")
    int requests;

    @Option(names = "--warmup", defaultValue = "200", description = "Unmeasured requests before each run.")
    int warmup;

    @Option(names = "--concurrency", defaultValue = "1", description = "Concurrent clients (closed loop).")
    int concurrency;

    @Option(names = "--rate", defaultValue = "0",
            description = "Open loop: requests started per second on a fixed schedule (0 = closed loop).")
    double rate;

    @Option(names = "--stream", description = {"http mode: stream, and report the time to the first token.",
            "kafka mode: publish jobs with stream_tokens (workers stream from the provider, deltas go to Redis)."})
    boolean stream;

    @Option(names = {"--pid", "--pool-pid"}, split = ",",
            description = "Process(es) whose RSS (/proc/<pid>/status) is sampled during the pool run.")
    List<Long> pids = new ArrayList<>();

    @Option(names = "--api-key", description = {"The pool's key sent as a bearer token in http mode (default: "
            + "LLMPOOL_API_KEY; without either, a placeholder an open pool ignores)."})
    String apiKey;

    @Option(names = "--timeout", defaultValue = "120s", description = "Per-call timeout (default ${DEFAULT-VALUE}).")
    String timeout;

    /** The options as validated settings; a bad combination is a usage error. */
    BenchSettings settings() {
        try {
            BenchMode benchMode = switch (mode.toLowerCase(Locale.ROOT)) {
                case "http" -> BenchMode.HTTP;
                case "kafka" -> BenchMode.KAFKA;
                default -> throw new IllegalArgumentException("--mode must be http or kafka, was '" + mode + "'");
            };
            return new BenchSettings(benchMode, pool, bootstrap, direct, new Prompts(model, maxTokens, repeat),
                    new LoadPlan(requests, concurrency, rate), warmup, stream, pids, parseDuration(timeout),
                    apiKey == null || apiKey.isBlank() ? System.getenv("LLMPOOL_API_KEY") : apiKey);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    static Duration parseDuration(String text) {
        return DurationStyle.detectAndParse(text);
    }

    @Override
    public Integer call() {
        BenchSettings settings = settings();
        System.out.println(BenchReport.header(settings, Runtime.getRuntime().availableProcessors(),
                Runtime.version().toString()));
        System.out.flush();
        BenchReport report = new Bench().run(settings);
        System.out.print(report.render());
        boolean failed = report.pool().errors() > 0 || report.direct() != null && report.direct().errors() > 0;
        return failed ? 1 : 0;
    }
}
