package dev.llmpool.launcher.command;

import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.core.batch.FileObject;
import dev.llmpool.core.batch.ListPage;
import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.launcher.batch.BatchReport;
import dev.llmpool.launcher.batch.BatchWatcher;
import dev.llmpool.launcher.batch.Cost;
import dev.llmpool.launcher.batch.GatewayClient;
import dev.llmpool.launcher.batch.GatewayException;
import dev.llmpool.launcher.batch.ModelMix;
import dev.llmpool.launcher.batch.OutputCost;
import dev.llmpool.launcher.batch.PlainProgress;
import dev.llmpool.launcher.batch.Prices;
import dev.llmpool.launcher.batch.ProgressFormat;
import dev.llmpool.launcher.batch.ProgressMode;
import dev.llmpool.launcher.batch.ProgressTracker;
import dev.llmpool.launcher.batch.ProgressView;
import dev.llmpool.launcher.batch.TerminalProgress;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.DefaultResourceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;

/**
 * {@code llmpool batch submit|status|list|cancel|download|retry}: batches for people, over the gateway's Files and
 * Batch APIs (any gateway of the pool: {@code llmpool up}'s or a deployment's).
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        subcommands = {BatchCommand.Submit.class, BatchCommand.Status.class, BatchCommand.ListBatches.class,
                BatchCommand.Cancel.class, BatchCommand.Download.class, BatchCommand.Retry.class},
        description = "Batches of chat completions (OpenAI's Batch API): submit a JSONL file and watch it, status, "
                + "list, cancel, download the output and error files, retry the lines that did not complete.")
public final class BatchCommand implements Runnable {

    /** How long one JSON call to the gateway may take. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** How long a watch waits for a gateway that stopped answering (the pool restarting) before it gives up. */
    static final Duration UNREACHABLE_PATIENCE = Duration.ofMinutes(2);

    /** Exit code of a call that failed (gateway not reachable, refused, a file not readable). */
    static final int ERROR = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The gateway to talk to. */
    public static final class GatewayOption {
        @Option(names = "--gateway", defaultValue = "${env:LLMPOOL_GATEWAY:-http://127.0.0.1:8080}",
                description = "The pool's gateway (default: $LLMPOOL_GATEWAY or ${DEFAULT-VALUE}, the gateway of "
                        + "`llmpool up`).")
        String gateway;
    }

    /** How a batch is watched and priced. */
    public static final class WatchOptions {
        @Option(names = "--catalog", defaultValue = "classpath:llmpool/catalog.yml",
                description = "The model catalog whose prices cost the tokens; the one the pool runs with "
                        + "(default ${DEFAULT-VALUE}).")
        String catalog;

        @Option(names = "--progress", defaultValue = "auto",
                description = "auto (a live bar on a terminal, plain lines otherwise), bar or plain "
                        + "(default ${DEFAULT-VALUE}).")
        String progress;

        @Option(names = "--poll-interval", defaultValue = "1s",
                description = "How often the batch is looked at while watching (default ${DEFAULT-VALUE}).")
        String pollInterval;

        @Option(names = "--log-interval", defaultValue = "5s",
                description = "Plain progress: a line this often, and at each change of status "
                        + "(default ${DEFAULT-VALUE}).")
        String logInterval;

        /** The options read and checked, before anything is sent. */
        Watching check(CommandSpec spec) {
            ProgressMode mode;
            try {
                mode = ProgressMode.valueOf(progress.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--progress: '" + progress
                        + "' is not auto, bar or plain");
            }
            Prices prices;
            try {
                prices = new Prices(new CatalogLoader().load(new DefaultResourceLoader().getResource(catalog)));
            } catch (RuntimeException e) {
                throw new ParameterException(spec.commandLine(), "--catalog " + catalog + ": " + e.getMessage());
            }
            return new Watching(mode, duration(spec, "--poll-interval", pollInterval),
                    duration(spec, "--log-interval", logInterval), prices);
        }

        private static Duration duration(CommandSpec spec, String option, String text) {
            try {
                Duration value = DurationStyle.detectAndParse(text);
                if (!value.isNegative() && !value.isZero()) {
                    return value;
                }
            } catch (IllegalArgumentException e) {
                // said below
            }
            throw new ParameterException(spec.commandLine(), option + ": '" + text
                    + "' is not a positive duration such as 1s or 500ms");
        }
    }

    /** {@link WatchOptions}, checked. */
    record Watching(ProgressMode mode, Duration poll, Duration logInterval, Prices prices) {
    }

    /** Shared by the subcommands: the client, errors as messages, the watch and the report. */
    abstract static class Base implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        GatewayOption gatewayOption;

        final JsonCodec codec = new JsonCodec();

        abstract int run(GatewayClient client);

        @Override
        public final Integer call() {
            GatewayClient client;
            try {
                client = new GatewayClient(gatewayOption.gateway, codec, CALL_TIMEOUT);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--gateway: " + e.getMessage());
            }
            try {
                return run(client);
            } catch (GatewayException | UncheckedIOException e) {
                return error(e.getMessage());
            } catch (JacksonException e) {
                return error("the answer of " + client.baseUrl() + " is not the Batch API's (" + e.getOriginalMessage()
                        + "); is --gateway the pool's gateway?");
            }
        }

        private int error(String message) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("llmpool batch " + spec.name() + ": " + message);
            err.flush();
            return ERROR;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** Watches the batch to its end, prints the summary, and answers the exit code of its final status. */
        int watch(GatewayClient client, String batchId, ModelMix mix, Watching watching) {
            Clock clock = Clock.systemUTC();
            ProgressView view = watching.mode().resolve(terminal()) == ProgressMode.BAR ? new TerminalProgress()
                    : new PlainProgress(out(), clock, watching.logInterval());
            out().println("watching " + batchId + " (Ctrl-C ends the watch, not the batch)");
            out().flush();
            PrintWriter err = spec.commandLine().getErr();
            BatchObject done = new BatchWatcher(client::batch, new ProgressTracker(clock, mix, watching.prices()),
                    watching.poll(), UNREACHABLE_PATIENCE, clock, Thread::sleep, note -> {
                        err.println(note);
                        err.flush();
                    }).watch(batchId, view);
            report(client, done, mix, watching.prices());
            return BatchReport.exitCode(done.status());
        }

        /** Prints the batch: with its exact cost from the output file once it has one, else the estimate. */
        void report(GatewayClient client, BatchObject batch, ModelMix mix, Prices prices) {
            Cost cost;
            OutputCost byModel = null;
            if (batch.outputFileId() != null) {
                try (InputStream output = client.content(batch.outputFileId())) {
                    byModel = OutputCost.scan(output, prices, codec);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the output file " + batch.outputFileId(), e);
                }
                cost = byModel.cost();
            } else if (batch.status().isFinal()) {
                cost = new Cost(0.0, true, null);
            } else {
                cost = Cost.estimate(mix == null ? inputMix(client, batch) : mix, prices,
                        batch.usage() == null ? 0 : batch.usage().inputTokens(),
                        batch.usage() == null ? 0 : batch.usage().outputTokens());
            }
            out().print(BatchReport.describe(batch, cost, byModel));
            out().flush();
        }

        /** The models the batch's input names, read from the gateway as a stream. */
        ModelMix inputMix(GatewayClient client, BatchObject batch) {
            try (InputStream input = client.content(batch.inputFileId())) {
                return ModelMix.scan(input, codec);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the input file " + batch.inputFileId(), e);
            }
        }

        static boolean terminal() {
            Console console = System.console();
            return console != null && console.isTerminal();
        }
    }

    /** {@code llmpool batch submit input.jsonl}. */
    @Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Upload a JSONL file of requests (OpenAI's batch format: custom_id, method, url, body) and "
                    + "create a batch of /v1/chat/completions.",
                    "With --wait, watch it to its end: a live bar on a terminal (lines done and failed, tokens, "
                            + "cost so far, rate, ETA), plain lines otherwise; then a summary."},
            exitCodeListHeading = "%nExit codes (with --wait; without it 0 once the batch is created):%n",
            exitCodeList = {
                "0:the batch completed (lines that failed are in its error file)",
                "1:the gateway could not be reached or refused the call; a file could not be read or written",
                "2:wrong arguments",
                "3:the batch failed validation (its errors name the lines)",
                "4:the batch expired (finished lines are kept; the rest are in the error file)",
                "5:the batch was cancelled"})
    public static final class Submit extends Base {

        @Parameters(index = "0", paramLabel = "<input.jsonl>", description = "The requests, one JSON object a line.")
        Path input;

        @Option(names = "--wait", description = "Watch the batch until it ends, then print a summary.")
        boolean wait;

        @Option(names = "--window", defaultValue = "24h",
                description = "Its completion_window: 24h (OpenAI's), or any duration such as 90m, 1h30m or 7d within "
                        + "the pool's bounds (default ${DEFAULT-VALUE}).")
        String window;

        @Option(names = "--metadata", paramLabel = "KEY=VALUE",
                description = "A metadata pair (repeatable; up to 16, as OpenAI's).")
        Map<String, String> metadata = new LinkedHashMap<>();

        @Mixin
        WatchOptions watch;

        @Override
        int run(GatewayClient client) {
            if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
                throw new ParameterException(spec.commandLine(), input + " is not a readable file");
            }
            Watching watching = watch.check(spec);
            PrintWriter out = out();
            ModelMix mix;
            long bytes;
            try (InputStream in = Files.newInputStream(input)) {
                mix = ModelMix.scan(in, codec);
                bytes = Files.size(input);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + input, e);
            }
            out.println(input.getFileName() + ": " + ProgressFormat.count(mix.lines()) + " line"
                    + (mix.lines() == 1 ? "" : "s") + models(mix) + ", " + ProgressFormat.count(bytes) + " bytes");
            out.flush();
            FileObject file = client.upload(input);
            out.println("uploaded " + file.id());
            BatchObject batch = client.createBatch(file.id(), window, metadata);
            out.println("created " + batch.id() + " (" + batch.status().json() + ", completion window "
                    + batch.completionWindow() + ")");
            out.flush();
            if (!wait) {
                out.println("follow it: llmpool batch status " + batch.id() + " --watch");
                out.flush();
                return 0;
            }
            return watch(client, batch.id(), mix, watching);
        }

        private static String models(ModelMix mix) {
            if (mix.linesByModel().isEmpty()) {
                return "";
            }
            return " (" + mix.linesByModel().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue()
                            .reversed()).limit(5).map(e -> e.getKey() + " " + ProgressFormat.count(e.getValue()))
                    .collect(Collectors.joining(", ")) + (mix.linesByModel().size() > 5 ? ", …" : "") + ")";
        }
    }

    /** {@code llmpool batch status <id>}. */
    @Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Show a batch: status, lines, tokens, cost, files. --watch follows it to its end.",
            exitCodeListHeading = "%nExit codes (with --watch; without it 0 once the batch is shown):%n",
            exitCodeList = {
                "0:the batch completed (lines that failed are in its error file)",
                "1:the gateway could not be reached or refused the call",
                "2:wrong arguments",
                "3:the batch failed validation (its errors name the lines)",
                "4:the batch expired (finished lines are kept; the rest are in the error file)",
                "5:the batch was cancelled"})
    public static final class Status extends Base {

        @Parameters(index = "0", paramLabel = "<batch-id>")
        String id;

        @Option(names = "--watch", description = "Follow the batch until it ends, then print a summary.")
        boolean follow;

        @Option(names = "--json", description = "Print the batch object as the API answers it.")
        boolean json;

        @Mixin
        WatchOptions watch;

        @Override
        int run(GatewayClient client) {
            Watching watching = watch.check(spec);
            BatchObject batch = client.batch(id);
            if (json) {
                out().println(codec.toJson(batch));
                out().flush();
                return 0;
            }
            if (follow && !batch.status().isFinal()) {
                return watch(client, id, inputMix(client, batch), watching);
            }
            report(client, batch, null, watching.prices());
            return follow ? BatchReport.exitCode(batch.status()) : 0;
        }
    }

    /** {@code llmpool batch list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List batches, newest first.")
    public static final class ListBatches extends Base {

        @Option(names = "--limit", defaultValue = "20", description = "At most this many, 1 to 100 "
                + "(default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--after", paramLabel = "<batch-id>", description = "The page after this batch (the last "
                + "of the previous page).")
        String after;

        @Override
        int run(GatewayClient client) {
            ListPage<BatchObject> page = client.batches(limit, after);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "STATUS", "CREATED", "LINES", "COMPLETED", "FAILED", "METADATA"});
            for (BatchObject b : page.data()) {
                BatchObject.RequestCounts c = b.requestCounts();
                rows.add(new String[] {b.id(), b.status().json(), Instant.ofEpochSecond(b.createdAt()).toString(),
                        Long.toString(c.total()), Long.toString(c.completed()), Long.toString(c.failed()),
                        b.metadata() == null ? "" : b.metadata().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","))});
            }
            int[] widths = new int[rows.getFirst().length];
            rows.forEach(row -> {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            });
            PrintWriter out = out();
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(String.format("%-" + widths[i] + "s  ", row[i]));
                }
                out.println(line.toString().stripTrailing());
            }
            out.println(page.data().size() + " batch" + (page.data().size() == 1 ? "" : "es")
                    + (page.hasMore() ? "; more: llmpool batch list --after " + page.lastId() : ""));
            out.flush();
            return 0;
        }
    }

    /** {@code llmpool batch cancel <id>}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a batch: no more lines start; lines that ended are kept, the others go to the "
                    + "error file as batch_cancelled.")
    public static final class Cancel extends Base {

        @Parameters(index = "0", paramLabel = "<batch-id>")
        String id;

        @Override
        int run(GatewayClient client) {
            BatchObject batch = client.cancel(id);
            out().println(batch.id() + " " + batch.status().json() + (batch.status() == BatchStatus.CANCELLING
                    ? "; follow it: llmpool batch status " + batch.id() + " --watch" : ""));
            out().flush();
            return 0;
        }
    }

    /** {@code llmpool batch download <id>}. */
    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Download a finished batch's output file (<id>_output.jsonl) and error file "
                    + "(<id>_errors.jsonl).")
    public static final class Download extends Base {

        @Parameters(index = "0", paramLabel = "<batch-id>")
        String id;

        @Option(names = "--out", defaultValue = ".", paramLabel = "DIR",
                description = "The folder to write them to (default: the current one).")
        Path out;

        @Override
        int run(GatewayClient client) {
            BatchObject batch = client.batch(id);
            PrintWriter print = out();
            if (!batch.status().isFinal()) {
                throw new GatewayException(0, batch.id() + " is " + batch.status().json() + "; its files are "
                        + "written when it ends (llmpool batch status " + batch.id() + " --watch)");
            }
            if (batch.outputFileId() == null && batch.errorFileId() == null) {
                throw new GatewayException(0, batch.id() + " is " + batch.status().json() + " and has no files"
                        + (batch.status() == BatchStatus.FAILED ? ": it failed validation (llmpool batch status "
                        + batch.id() + ")" : ""));
            }
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + out, e);
            }
            Map<String, String> files = new LinkedHashMap<>();
            files.put("output", batch.outputFileId());
            files.put("errors", batch.errorFileId());
            for (Map.Entry<String, String> file : files.entrySet()) {
                if (file.getValue() == null) {
                    print.println(String.format("%-7s none", file.getKey()));
                    continue;
                }
                Path target = out.resolve(batch.id() + "_" + file.getKey() + ".jsonl");
                long bytes = client.download(file.getValue(), target);
                print.println(String.format("%-7s %s  (%s lines, %s bytes, %s)", file.getKey(), target,
                        ProgressFormat.count(lines(target)), ProgressFormat.count(bytes), file.getValue()));
            }
            print.flush();
            return 0;
        }

        private static long lines(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                long lines = 0;
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
                return lines;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    /** {@code llmpool batch retry <id>}. */
    @Command(name = "retry", mixinStandardHelpOptions = true, sortOptions = false,
            description = "A new batch of the lines of a finished batch that did not complete (failed, expired, "
                    + "cancelled), linked to it by metadata llmpool_retry_of.",
            exitCodeListHeading = "%nExit codes (with --wait; without it 0 once the new batch is created):%n",
            exitCodeList = {
                "0:the batch completed (lines that failed are in its error file)",
                "1:the gateway could not be reached or refused the call (e.g. the batch has not ended)",
                "2:wrong arguments",
                "3:the batch failed validation (its errors name the lines)",
                "4:the batch expired (finished lines are kept; the rest are in the error file)",
                "5:the batch was cancelled"})
    public static final class Retry extends Base {

        @Parameters(index = "0", paramLabel = "<batch-id>")
        String id;

        @Option(names = "--wait", description = "Watch the new batch until it ends, then print a summary.")
        boolean wait;

        @Mixin
        WatchOptions watch;

        @Override
        int run(GatewayClient client) {
            Watching watching = watch.check(spec);
            BatchObject retry = client.retry(id);
            out().println("created " + retry.id() + " (" + retry.status().json() + "): the lines of " + id
                    + " that did not complete, from " + retry.inputFileId());
            out().flush();
            if (!wait) {
                out().println("follow it: llmpool batch status " + retry.id() + " --watch");
                out().flush();
                return 0;
            }
            return watch(client, retry.id(), inputMix(client, retry), watching);
        }
    }
}
