package dev.llmpool.launcher.command;

import dev.llmpool.simulator.SimulatorMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code llmpool simulator [options]}: the provider simulator alone; options as {@code SimulatorMain} documents. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Run the provider simulator alone, e.g. llmpool simulator --port=8090 --latency=1s --tps=50.")
public final class SimulatorCommand implements Callable<Integer> {

    /** Passed to the simulator as they are: --port=8090 --latency=0ms --ttft=0ms --tps=0 --rpm=0 … */
    @Unmatched
    List<String> options = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        SimulatorMain.main(options.toArray(String[]::new));
        return 0;
    }
}
