package dev.llmpool.launcher.command;

import dev.llmpool.launcher.chaos.ChaosCheck;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llmpool chaos-check}: counts what became of the jobs of a run with kills (scripts/chaos.sh). Exits 1 when a
 * job was lost or has two results.
 */
@Command(name = "chaos-check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Count what became of every job published to llm.requests of a fresh pool: completed, failed, "
                + "lost (no result on llm.results), duplicate results, provider calls against jobs, and the time to "
                + "the first result after each kill of the kill log. Exits 1 when a job was lost or has two results."})
public final class ChaosCheckCommand implements Callable<Integer> {

    @Option(names = "--kafka", defaultValue = "127.0.0.1:9092", description = "The pool's Kafka (default ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--simulator", description = "The simulator's URL, for its count of calls (/_sim/stats).")
    URI simulator;

    @Option(names = "--redis", description = "The pool's Redis: tells of a lost job what its record says.")
    String redis;

    @Option(names = "--kills", description = "The kill log: one kill a line, '<epoch millis> <what>'.")
    Path kills;

    @Option(names = "--wait", defaultValue = "600s",
            description = "How long to wait for the last results (default ${DEFAULT-VALUE}).")
    String wait;

    @Override
    public Integer call() throws Exception {
        ChaosCheck.Outcome outcome = new ChaosCheck(kafka, simulator, redis, kills, BenchCommand.parseDuration(wait))
                .run(System.err);
        System.out.print(outcome.report());
        return outcome.passed() ? 0 : 1;
    }
}
