package dev.llmpool.batch.summarize.cli;

import dev.llmpool.batch.summarize.input.DocumentSource;
import dev.llmpool.batch.summarize.input.FileInputs;
import dev.llmpool.batch.summarize.input.TopicInput;
import dev.llmpool.batch.summarize.output.MarkdownReport;
import dev.llmpool.batch.summarize.output.Outcome;
import dev.llmpool.batch.summarize.output.Progress;
import dev.llmpool.batch.summarize.output.RunFiles;
import dev.llmpool.batch.summarize.plan.Planner;
import dev.llmpool.batch.summarize.plan.RunKeys;
import dev.llmpool.batch.summarize.plan.StageModel;
import dev.llmpool.batch.summarize.plan.StageModels;
import dev.llmpool.batch.summarize.plan.SummaryOptions;
import dev.llmpool.batch.summarize.run.Checkpoints;
import dev.llmpool.batch.summarize.run.PipelineListener;
import dev.llmpool.batch.summarize.run.PipelineRun;
import dev.llmpool.batch.summarize.run.PoolJobs;
import dev.llmpool.batch.summarize.run.SummaryEngine;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.RulesOutline;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.json.JsonCodec;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code llmpool summarize}: reads the inputs once to plan every document and key the run; a dry run prints the
 * estimate and stops there (no Kafka, no Redis, no provider, unless the input is a topic); otherwise it says what
 * it resumes, runs the documents through the pool as batch-priority jobs, writes the output and errors files (and the
 * report), and ends with the counts. Exit status 0 when every document has a summary, 1 when some have none, 2 for
 * options that cannot work.
 */
public final class SummarizeSession {

    /** What the command was asked. */
    @RecordBuilder
    public record Settings(SummaryOptions options, List<Path> inputs, String fromTopic, Path out, Path errors,
                           Path report, boolean dryRun, String resume, boolean continueLatest, int parallel,
                           Duration jobDeadline, Duration checkpointTtl, String kafka, String redis,
                           ModelCatalog catalog, RulesOutline rules) {

        public Settings {
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
        }

        public Path errorsFile() {
            return errors != null ? errors : out.resolveSibling(out.getFileName() + ".errors.jsonl");
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final Clock clock;
    private final boolean terminal;
    private final JsonCodec codec = new JsonCodec();
    private final TokenCounter tokens = new TokenCounter();

    public SummarizeSession(Settings settings, PrintStream out, Clock clock, boolean terminal) {
        this.settings = settings;
        this.out = out;
        this.clock = clock;
        this.terminal = terminal;
    }

    public int run() throws InterruptedException {
        StageModels models = new StageModels(settings.catalog(), settings.rules());
        Planner planner;
        try {
            StageModel map = models.resolve(settings.options().mapModel());
            StageModel reduce = models.resolve(settings.options().reduceModel());
            planner = new Planner(settings.options(), map, reduce, tokens);
        } catch (IllegalArgumentException e) {
            out.println("llmpool summarize: " + e.getMessage());
            return 2;
        }
        DocumentSource source = source();
        PipelineRun.Scan scan = PipelineRun.scan(source, planner);
        String optionsKey = RunKeys.optionsKey(settings.options(), planner.map(), planner.reduce());
        if (settings.dryRun()) {
            out.println("dry run: nothing is sent to any provider");
            out.println("run            " + RunKeys.runKey(optionsKey, scan.keys()) + " (options "
                    + optionsKey + ")");
            scan.estimate().lines().forEach(out::println);
            return 0;
        }
        if (scan.documents().isEmpty()) {
            out.println("llmpool summarize: no document to summarize" + (scan.refused().isEmpty() ? ""
                    : " (" + scan.refused().size() + " refused: " + scan.refused().getFirst().error() + " …)"));
            return scan.refused().isEmpty() ? 2 : 1;
        }
        try (PoolClients pool = new PoolClients(settings.kafka(), settings.redis(), codec, clock)) {
            Checkpoints checkpoints = new Checkpoints(pool.redis(), codec, clock, settings.checkpointTtl());
            Optional<String> run = runKey(checkpoints, optionsKey, RunKeys.runKey(optionsKey, scan.keys()));
            if (run.isEmpty()) {
                return 2;
            }
            return execute(run.get(), optionsKey, source, scan, planner, pool, checkpoints);
        }
    }

    private int execute(String run, String optionsKey, DocumentSource source, PipelineRun.Scan scan,
                        Planner planner, PoolClients pool, Checkpoints checkpoints) throws InterruptedException {
        checkpoints.startRun(run, optionsKey, settings.options().canonical(), scan.documents().size());
        PipelineRun.Resumed resumed = PipelineRun.resumed(run, scan, checkpoints);
        out.println(resumed.any()
                ? String.format(Locale.ROOT, "resuming run %s: %d of %d documents done, %d chunk and reduce "
                        + "summaries checkpointed in %d document%s in progress; publishing only what is missing",
                run, resumed.finishedDocuments(), scan.documents().size(), resumed.nodes(),
                resumed.documentsInProgress(), resumed.documentsInProgress() == 1 ? "" : "s")
                : String.format(Locale.ROOT, "run %s: %d documents, %d calls planned (map %s, reduce %s)", run,
                scan.documents().size(), scan.calls(), settings.options().mapModel(),
                settings.options().reduceModel()));
        long started = clock.millis();
        List<Outcome> outcomes = new ArrayList<>();
        try (Progress progress = new Progress(scan.calls(), resumed.callsDone(), scan.documents().size(), terminal,
                out, clock, Duration.ofSeconds(5));
             PoolJobs jobs = new PoolJobs(pool.kafka(), pool.consumers(), pool.jobs(), PoolJobs.UNBUDGETED, codec,
                     clock, Duration.ofSeconds(30)).awaitReady(Duration.ofSeconds(60));
             SummaryEngine engine = new SummaryEngine(jobs, checkpoints, settings.catalog(), tokens, clock,
                     settings.jobDeadline(), Duration.ofSeconds(2), 30, listener(progress));
             RunFiles files = new RunFiles(settings.out(), settings.errorsFile(), codec)) {
            PipelineRun.execute(run, source, planner, engine, settings.parallel(), outcome -> {
                files.accept(outcome);
                if (settings.report() != null) {
                    outcomes.add(outcome);
                }
            });
            progress.close();
            if (settings.report() != null) {
                write(settings.report(), MarkdownReport.render(run, List.of("map: " + settings.options().mapModel(),
                        "reduce: " + settings.options().reduceModel(), "options: "
                                + settings.options().canonical()), outcomes));
            }
            long seconds = (clock.millis() - started) / 1000;
            out.printf(Locale.ROOT, "done: %d of %d documents summarized in %dm%02ds into %s%s; %d extractive "
                            + "fallback%s%s; %d without a summary%s%n", files.summarized(),
                    scan.documents().size() + scan.refused().size(), seconds / 60, seconds % 60, settings.out(),
                    String.format(Locale.ROOT, " (%,d tokens, $%.4f)", files.tokens(), files.costUsd()),
                    files.fallbacks(), files.fallbacks() == 1 ? "" : "s",
                    files.fallbacks() == 0 ? "" : " (the nodes are in " + settings.errorsFile() + ")",
                    files.failed(), files.failed() == 0 ? "" : " (see " + settings.errorsFile() + ")");
            return files.failed() == 0 ? 0 : 1;
        }
    }

    /** The run: as asked ({@code --resume}), the latest of these options ({@code --continue}), or the computed one. */
    private Optional<String> runKey(Checkpoints checkpoints, String optionsKey, String computed) {
        if (settings.resume() != null) {
            if (!RunKeys.plausibleRun(settings.resume())) {
                out.println("llmpool summarize: " + settings.resume() + " is not a run key (sum_ and 20 hex digits)");
                return Optional.empty();
            }
            Optional<Checkpoints.RunInfo> info = checkpoints.run(settings.resume());
            if (info.isEmpty()) {
                out.println("llmpool summarize: no run " + settings.resume() + " in Redis (finished long ago, or "
                        + "never started)");
                return Optional.empty();
            }
            if (!optionsKey.equals(info.get().optionsKey())) {
                out.println("llmpool summarize: run " + settings.resume() + " was made with other options ("
                        + info.get().options() + "); give the same options to resume it");
                return Optional.empty();
            }
            return Optional.of(settings.resume());
        }
        if (settings.continueLatest()) {
            return Optional.of(checkpoints.latestRun(optionsKey).orElse(computed));
        }
        return Optional.of(computed);
    }

    private DocumentSource source() {
        if (settings.fromTopic() != null) {
            return new TopicInput(settings.fromTopic(), PoolClients.consumers(settings.kafka()), codec);
        }
        return new FileInputs(settings.inputs(), codec);
    }

    private static PipelineListener listener(Progress progress) {
        return progress;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
