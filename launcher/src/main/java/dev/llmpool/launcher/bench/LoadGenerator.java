package dev.llmpool.launcher.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The one load generator every target is measured with. Calls run on virtual threads. Closed loop: {@code
 * concurrency} clients, each sending its next call when the previous one was answered. Open loop: calls start on a
 * fixed schedule ({@code rate} per second) whatever the answers do, and latency counts from the scheduled start.
 */
public final class LoadGenerator {

    public BenchResult run(Target target, LoadPlan plan) {
        int n = plan.requests();
        long[] latency = new long[n];
        long[] firstToken = new long[n];
        AtomicLong errors = new AtomicLong();
        Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        Recorder record = (i, due) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Sample sample;
            try {
                sample = target.call(due);
            } catch (RuntimeException e) {
                sample = Sample.failed(System.nanoTime() - due, e);
            } finally {
                inFlight.decrementAndGet();
            }
            latency[i] = sample.latencyNanos();
            firstToken[i] = sample.firstTokenNanos();
            if (!sample.ok()) {
                errors.incrementAndGet();
                errorKinds.computeIfAbsent(sample.error(), k -> new LongAdder()).increment();
            }
        };
        long start = System.nanoTime();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            if (plan.openLoop()) {
                for (int i = 0; i < n; i++) {
                    long due = start + plan.dueNanos(i);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    int index = i;
                    calls.submit(() -> record.call(index, due));
                }
            } else {
                AtomicInteger next = new AtomicInteger();
                for (int c = 0; c < Math.min(plan.concurrency(), n); c++) {
                    calls.submit(() -> {
                        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                            record.call(i, System.nanoTime());
                        }
                    });
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] streamed = Arrays.stream(firstToken).filter(t -> t > 0).toArray();
        Map<String, Long> kinds = new TreeMap<>();
        errorKinds.forEach((kind, count) -> kinds.put(kind, count.sum()));
        return new BenchResult(target.name(), LatencyStats.of(latency), LatencyStats.of(streamed), errors.get(),
                kinds, seconds, seconds > 0 ? n / seconds : 0, maxInFlight.get());
    }

    @FunctionalInterface
    private interface Recorder {
        void call(int index, long dueNanos);
    }
}
