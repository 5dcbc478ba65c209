package dev.llmpool.launcher.command;

import dev.llmpool.batch.summarize.cli.SummarizeSession;
import dev.llmpool.batch.summarize.cli.SummarizeSessionSettingsBuilder;
import dev.llmpool.batch.summarize.plan.Style;
import dev.llmpool.batch.summarize.plan.SummaryOptions;
import dev.llmpool.core.routing.RulesOutline;
import dev.llmpool.launcher.command.keys.RedisOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.DefaultResourceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llmpool summarize <inputs…> --out summaries.jsonl}: a summarization pipeline run in this process against
 * the pool's Kafka and Redis, its calls the pool's batch-priority jobs (see {@link SummarizeSession}).
 */
@Command(name = "summarize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Summarize documents map-reduce through the pool: chunked by tokens, each chunk summarized, "
                + "the summaries combined level after level until one fits. Every summary is checkpointed in Redis: "
                + "the same command again resumes (no chunk summarized twice). A chunk whose job fails for good gets "
                + "an extractive summary (\"fallback\": true).",
                "Inputs: files or folders (read recursively: .txt, .md, .html, .pdf, .jsonl of {\"id\",\"text\"}), "
                        + "or --from-topic."})
public final class SummarizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "<input>", description = "Files or folders to summarize.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--from-topic", paramLabel = "<topic>",
            description = "Summarize the records of a Kafka topic (JSON {\"id\",\"text\"}) up to its end now.")
    String fromTopic;

    @Option(names = {"-o", "--out"}, paramLabel = "<file>", description = "The JSONL output, one line per document.")
    Path out;

    @Option(names = "--errors", paramLabel = "<file>",
            description = "Documents without a summary and extractive fallbacks (default: <out>.errors.jsonl).")
    Path errors;

    @Option(names = "--report", paramLabel = "<file>", description = "Also write a Markdown report.")
    Path report;

    @Option(names = "--map-model", defaultValue = SummaryOptions.DEFAULT_MAP_MODEL,
            description = "Model, catalog alias or route alias that summarizes each chunk (default ${DEFAULT-VALUE}).")
    String mapModel;

    @Option(names = "--reduce-model", defaultValue = SummaryOptions.DEFAULT_REDUCE_MODEL,
            description = "The one that combines summaries (default ${DEFAULT-VALUE}).")
    String reduceModel;

    @Option(names = "--chunk-tokens", defaultValue = "3000",
            description = "Most tokens of text in a chunk (default ${DEFAULT-VALUE}; less if the map model needs it).")
    int chunkTokens;

    @Option(names = "--overlap", defaultValue = "150",
            description = "Most tokens a chunk repeats from the one before, whole sentences (default ${DEFAULT-VALUE}).")
    int overlap;

    @Option(names = "--chunk-summary-tokens", defaultValue = "400",
            description = "Answer cap of a chunk's summary and of an intermediate reduce (default ${DEFAULT-VALUE}).")
    int chunkSummaryTokens;

    @Option(names = "--target-tokens", defaultValue = "300",
            description = "Length of the final summary, in tokens (default ${DEFAULT-VALUE}).")
    int targetTokens;

    @Option(names = "--reduce-input-tokens", defaultValue = "12000",
            description = "Most tokens of summaries one reduce request combines (default ${DEFAULT-VALUE}).")
    int reduceInputTokens;

    @Option(names = "--style", defaultValue = "abstract",
            description = "abstract (prose) or bullets (default ${DEFAULT-VALUE}).")
    String style;

    @Option(names = "--instructions", paramLabel = "<text>", description = "Extra instructions for every prompt.")
    String instructions;

    @Option(names = "--dry-run",
            description = "Print documents, tokens, chunks, calls per stage and model, and the cost range; call nothing.")
    boolean dryRun;

    @Option(names = "--resume", paramLabel = "<run>",
            description = "Resume this run (sum_…) even though the inputs changed (the options must be its own).")
    String resume;

    @Option(names = "--continue",
            description = "Resume the latest run made with these options, even though the inputs changed.")
    boolean continueLatest;

    @Option(names = "--parallel", defaultValue = "64",
            description = "Documents in progress at once (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--deadline", defaultValue = "24h",
            description = "How long each job may wait in the pool's batch lane (default ${DEFAULT-VALUE}).")
    String deadline;

    @Option(names = "--checkpoint-ttl", defaultValue = "7d",
            description = "How long a run's checkpoints stay in Redis (default ${DEFAULT-VALUE}).")
    String checkpointTtl;

    @Option(names = "--kafka", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
    String kafka;

    /** {@code --redis}, with the password of {@code llmpool up}'s embedded Redis when the URL names none. */
    @Mixin
    RedisOptions redis = new RedisOptions();

    @Mixin
    PoolOptions pool = new PoolOptions();

    @Override
    public Integer call() throws InterruptedException {
        if (inputs.isEmpty() == (fromTopic == null)) {
            throw new ParameterException(spec.commandLine(), "give either files or folders, or --from-topic");
        }
        if (out == null && !dryRun) {
            throw new ParameterException(spec.commandLine(), "--out is required (except with --dry-run)");
        }
        if (resume != null && continueLatest) {
            throw new ParameterException(spec.commandLine(), "give --resume or --continue, not both");
        }
        SummaryOptions options;
        try {
            options = SummaryOptions.defaults().mapModel(mapModel).reduceModel(reduceModel).chunkTokens(chunkTokens)
                    .overlapTokens(overlap).chunkSummaryTokens(chunkSummaryTokens).targetTokens(targetTokens)
                    .reduceInputTokens(reduceInputTokens).style(Style.parse(style)).instructions(instructions).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        SummarizeSession.Settings settings = SummarizeSessionSettingsBuilder.builder()
                .options(options).inputs(inputs).fromTopic(fromTopic).out(out).errors(errors).report(report)
                .dryRun(dryRun).resume(resume).continueLatest(continueLatest).parallel(Math.max(1, parallel))
                .jobDeadline(DurationStyle.detectAndParse(deadline))
                .checkpointTtl(DurationStyle.detectAndParse(checkpointTtl)).kafka(kafka).redis(redis.effectiveUrl())
                .catalog(pool.loadCatalog()).rules(rules()).build();
        boolean terminal = System.console() != null && System.console().isTerminal();
        return new SummarizeSession(settings, System.out, Clock.systemUTC(), terminal).run();
    }

    private RulesOutline rules() {
        try {
            return RulesOutline.read(new DefaultResourceLoader().getResource(pool.routes)
                    .getContentAsString(StandardCharsets.UTF_8), pool.routes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the routing rules " + pool.routes, e);
        }
    }
}
