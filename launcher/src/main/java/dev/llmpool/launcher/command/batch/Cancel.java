package dev.llmpool.launcher.command.batch;

import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.core.batch.BatchStatus;
import dev.llmpool.launcher.batch.GatewayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code llmpool batch cancel <id>}. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a batch: no more lines start; lines that ended are kept, the others go to the "
                + "error file as batch_cancelled.")
public final class Cancel extends BatchSubcommand {

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
