package dev.llmpool.launcher.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one benchmark the honest way: the calibration first (the simulator called directly over HTTP), then the
 * same load through the pool; each warmed up with the same plan, measured once, by the same generator; the
 * watched processes' RSS and the calls in flight at the simulator sampled during the pool run, and the CPU time
 * the watched processes used in it.
 */
public final class Bench {

    private static final Duration RSS_INTERVAL = Duration.ofMillis(100);

    private final LoadGenerator generator = new LoadGenerator();

    public BenchReport run(BenchSettings settings) {
        BenchResult direct = null;
        if (settings.calibrates()) {
            try (Target target = new HttpTarget("direct", settings.directUrl(), settings.prompts(), settings.stream(),
                    settings.timeout(), null)) {
                direct = measure(target, settings);
            }
        }
        BenchResult pool;
        List<RssSampler.Peak> rss;
        List<ProcessCpu> cpu = new ArrayList<>();
        Map<String, Long> attemptsByWorker = Map.of();
        SimulatorInFlight.Seen simulatorInFlight;
        try (Target target = poolTarget(settings)) {
            warmUp(target, settings);
            if (target instanceof KafkaTarget kafka) {
                kafka.resetAttemptCounts();
            }
            RssSampler sampler = RssSampler.start(settings.pids(), RSS_INTERVAL);
            SimulatorInFlight simulator = settings.calibrates()
                    ? SimulatorInFlight.start(settings.directUrl(), RSS_INTERVAL) : null;
            List<ProcessCpu> cpuBefore = settings.pids().stream().map(ProcessCpu::read).flatMap(Optional::stream)
                    .toList();
            try {
                pool = generator.run(target, settings.plan());
                for (ProcessCpu before : cpuBefore) {
                    ProcessCpu.read(before.pid()).ifPresent(after -> cpu.add(after.since(before)));
                }
            } finally {
                sampler.close();
                if (simulator != null) {
                    simulator.close();
                }
            }
            simulatorInFlight = simulator == null ? null : simulator.seen();
            rss = sampler.peaks();
            if (target instanceof KafkaTarget kafka) {
                attemptsByWorker = kafka.attemptsByWorker();
            }
        }
        return new BenchReport(settings, Runtime.getRuntime().availableProcessors(), Runtime.version().toString(),
                direct, pool, rss, cpu, attemptsByWorker, simulatorInFlight);
    }

    private Target poolTarget(BenchSettings settings) {
        return switch (settings.mode()) {
            case HTTP -> new HttpTarget(settings.poolName(), settings.poolUrl(), settings.prompts(), settings.stream(),
                    settings.timeout(), settings.apiKey());
            case KAFKA -> new KafkaTarget(settings.poolName(), settings.bootstrap(), settings.prompts(),
                    settings.stream(), settings.timeout());
        };
    }

    private BenchResult measure(Target target, BenchSettings settings) {
        warmUp(target, settings);
        return generator.run(target, settings.plan());
    }

    private void warmUp(Target target, BenchSettings settings) {
        if (settings.warmup() > 0) {
            generator.run(target, settings.plan().withRequests(settings.warmup()));
        }
    }
}
