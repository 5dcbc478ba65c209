package dev.llmpool.launcher.command.batch;

import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.launcher.batch.BatchReport;
import dev.llmpool.launcher.batch.BatchWatcher;
import dev.llmpool.launcher.batch.Cost;
import dev.llmpool.launcher.batch.GatewayClient;
import dev.llmpool.launcher.batch.GatewayException;
import dev.llmpool.launcher.batch.ModelMix;
import dev.llmpool.launcher.batch.OutputCost;
import dev.llmpool.launcher.batch.PlainProgress;
import dev.llmpool.launcher.batch.Prices;
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
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;

/** Shared by the subcommands: the client, errors as messages, the watch and the report. */
abstract class BatchSubcommand implements Callable<Integer> {

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
            client = new GatewayClient(gatewayOption.gateway, codec, BatchCommand.CALL_TIMEOUT);
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
        return BatchCommand.ERROR;
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
                watching.poll(), BatchCommand.UNREACHABLE_PATIENCE, clock, Thread::sleep, note -> {
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
