package dev.llmpool.launcher.command.batch;

import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.launcher.batch.GatewayClient;
import dev.llmpool.launcher.batch.GatewayException;
import dev.llmpool.launcher.batch.ProgressFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmpool batch download <id>}. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download a finished batch's output file (<id>_output.jsonl) and error file "
                + "(<id>_errors.jsonl).")
public final class Download extends BatchSubcommand {

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
