package dev.llmpool.launcher.command.batch;

import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.launcher.batch.GatewayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
public final class Retry extends BatchSubcommand {

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
