package dev.llmpool.launcher.command.batch;

import java.nio.file.Files;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code llmpool batch submit|status|list|cancel|download|retry}: batches for people, over the gateway's Files and
 * Batch APIs (any gateway of the pool: {@code llmpool up}'s or a deployment's).
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        subcommands = {Submit.class, Status.class, ListBatches.class,
                Cancel.class, Download.class, Retry.class},
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
}
