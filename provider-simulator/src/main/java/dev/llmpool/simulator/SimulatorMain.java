package dev.llmpool.simulator;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own: {@code --port=8090 --latency=0ms --ttft=0ms --tps=0 --error-rate=0 --rpm=0}
 * (see {@code --help}). Prints the base URL and serves until Ctrl-C.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(SimulatorArgs.USAGE);
            return;
        }
        SimulatorSettings settings;
        try {
            settings = SimulatorArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(SimulatorArgs.USAGE);
            System.exit(2);
            return;
        }
        ProviderSimulator simulator = ProviderSimulator.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        System.out.println(simulator.baseUrl());
        System.out.flush();
        stopped.await();
    }
}
