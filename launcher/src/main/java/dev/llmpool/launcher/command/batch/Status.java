package dev.llmpool.launcher.command.batch;

import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.launcher.batch.BatchReport;
import dev.llmpool.launcher.batch.GatewayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
public final class Status extends BatchSubcommand {

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
