package dev.llmpool.workers.metrics;

import dev.llmpool.schemas.envelope.ErrorClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Counters an operator watches per provider: {@code llmpool.worker.attempts} (tag {@code outcome}: succeeded,
 * failed, duplicate, job_gone (settled without a call: its job has no record or has ended); {@code error_class} on
 * failures), {@code llmpool.worker.lease.renewals},
 * {@code llmpool.worker.redeliveries} (records seen with a delivery count above 1), {@code llmpool.worker.dead.letters}
 * (tag {@code reason}) and {@code llmpool.worker.outcome.unpublished} (records released because the outcome could not
 * be published).
 *
 * <p>Around the provider call: {@code llmpool.worker.retries} (tags {@code provider}, {@code model},
 * {@code error_class}; retries made inside the worker) and {@code llmpool.worker.retry.wait} (their waits),
 * {@code llmpool.worker.circuit.open} (calls refused by an open breaker, tag {@code name}),
 * {@code llmpool.worker.bulkhead.full}, {@code llmpool.worker.quota.wait} (time spent waiting for the shared RPM/TPM
 * quotas), {@code llmpool.worker.quota.refused} (attempts given back because the quota had no room in time),
 * {@code llmpool.worker.quota.tokens.corrected} (estimate minus real usage, taken or given back),
 * {@code llmpool.worker.pauses} (provider pauses recorded after a 429 with a wait) and
 * {@code llmpool.worker.pause.holds} (times a consumer held off polling because its provider was paused).
 * Resilience4j publishes its own {@code resilience4j.circuitbreaker.*} and {@code resilience4j.bulkhead.*}.
 *
 * <p>The lanes (tags {@code provider}, {@code lane}: {@code interactive} or {@code batch}):
 * {@code llmpool.lanes.backlog} (records waiting in the lane's topic), {@code llmpool.lanes.in.flight} (records the
 * lane holds in this process) and {@code llmpool.lanes.batch.quota.refused} (batch calls given back because the
 * quota left to the lane had no room in time).
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

    /** An attempt settled without a call: its job has no record in Redis or has its result already. */
    public void jobGone(String provider) {
        counter("llmpool.worker.attempts", "provider", provider, "outcome", "job_gone").increment();
    }

    /** One renewal of all the leases this process holds for the provider. */
    public void leasesRenewed(String provider) {
        counter("llmpool.worker.lease.renewals", "provider", provider).increment();
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

    public void retried(String provider, String model, ErrorClass errorClass, long waitMs) {
        counter("llmpool.worker.retries", "provider", provider, "model", String.valueOf(model), "error_class",
                errorClass.json()).increment();
        Timer.builder("llmpool.worker.retry.wait").tag("provider", provider).register(registry)
                .record(Duration.ofMillis(waitMs));
    }

    public void circuitOpen(String breaker) {
        counter("llmpool.worker.circuit.open", "name", breaker).increment();
    }

    public void bulkheadFull(String provider) {
        counter("llmpool.worker.bulkhead.full", "provider", provider).increment();
    }

    public void quotaWaited(String provider, Duration waited) {
        Timer.builder("llmpool.worker.quota.wait").tag("provider", provider).register(registry).record(waited);
    }

    public void quotaRefused(String provider) {
        counter("llmpool.worker.quota.refused", "provider", provider).increment();
    }

    /** A batch call given back because the batch lane's quota (or the provider's) had no room in time. */
    public void batchQuotaRefused(String provider) {
        counter("llmpool.lanes.batch.quota.refused", "provider", provider).increment();
    }

    /** Registers a gauge of the records a lane of the provider holds in this process (taken, not yet settled). */
    public void laneInFlight(String provider, String lane, Supplier<Number> size) {
        Gauge.builder("llmpool.lanes.in.flight", size).tags("provider", provider, "lane", lane).strongReference(true)
                .register(registry);
    }

    /** Registers a gauge of the records waiting in a lane's topic for the provider's workers. */
    public void laneBacklog(String provider, String lane, Supplier<Number> size) {
        Gauge.builder("llmpool.lanes.backlog", size).tags("provider", provider, "lane", lane).strongReference(true)
                .register(registry);
    }

    public void tokensCorrected(String provider, long difference) {
        DistributionSummary.builder("llmpool.worker.quota.tokens.corrected").tag("provider", provider)
                .register(registry).record(difference);
    }

    public void paused(String provider) {
        counter("llmpool.worker.pauses", "provider", provider).increment();
    }

    public void pauseHeld(String provider) {
        counter("llmpool.worker.pause.holds", "provider", provider).increment();
    }

    /** Registers a gauge of the records this process holds (running or waiting for a permit). */
    public void inFlight(Supplier<Number> size) {
        Gauge.builder("llmpool.worker.in.flight", size).strongReference(true).register(registry);
    }

    private Counter counter(String name, String... tags) {
        return registry.counter(name, tags);
    }
}
