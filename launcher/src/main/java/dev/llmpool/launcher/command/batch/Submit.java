package dev.llmpool.launcher.command.batch;

import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.core.batch.FileObject;
import dev.llmpool.launcher.batch.GatewayClient;
import dev.llmpool.launcher.batch.ModelMix;
import dev.llmpool.launcher.batch.ProgressFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

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
public final class Submit extends BatchSubcommand {

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
