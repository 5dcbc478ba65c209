package dev.llmpool.workers.metrics;

import dev.llmpool.schemas.envelope.ErrorClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * Counters an operator watches per provider: {@code llmpool.worker.attempts} (tag {@code outcome}: succeeded,
 * failed, duplicate; {@code error_class} on failures), {@code llmpool.worker.lock.renewals},
 * {@code llmpool.worker.redeliveries} (records seen with a delivery count above 1), {@code llmpool.worker.dead.letters}
 * (tag {@code reason}) and {@code llmpool.worker.outcome.unpublished} (records released because the outcome could not
 * be published).
 */
public class WorkerMetrics {

    private final MeterRegistry registry;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void succeeded(String provider) {
        counter("llmpool.worker.attempts", "provider", provider, "outcome", "succeeded").increment();
    }

    public void failed(String provider, ErrorClass errorClass) {
        counter("llmpool.worker.attempts", "provider", provider, "outcome", "failed", "error_class",
                errorClass.json()).increment();
    }

    public void duplicate(String provider) {
        counter("llmpool.worker.attempts", "provider", provider, "outcome", "duplicate").increment();
    }

    public void lockRenewed(String provider) {
        counter("llmpool.worker.lock.renewals", "provider", provider).increment();
    }

    public void redelivered(String provider) {
        counter("llmpool.worker.redeliveries", "provider", provider).increment();
    }

    public void deadLettered(String provider, String reason) {
        counter("llmpool.worker.dead.letters", "provider", provider, "reason", reason).increment();
    }

    public void outcomeUnpublished(String provider) {
        counter("llmpool.worker.outcome.unpublished", "provider", provider).increment();
    }

    /** Registers a gauge of the records this process holds (running or waiting for a permit). */
    public void inFlight(Supplier<Number> size) {
        Gauge.builder("llmpool.worker.in.flight", size).strongReference(true).register(registry);
    }

    private Counter counter(String name, String... tags) {
        return registry.counter(name, tags);
    }
}
