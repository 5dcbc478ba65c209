package dev.llmpool.gateway.usage;

import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.JobView;
import dev.llmpool.core.tenancy.ApiKeys;
import dev.llmpool.core.tenancy.Budgets;
import dev.llmpool.core.tenancy.Money;
import dev.llmpool.core.tenancy.UsageLedger;
import dev.llmpool.core.tenancy.UsageRecord;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Meters one finished job, whichever process finalized it: each attempt's usage and cost to {@code llm.usage}, then
 * once (a marker in the ledger's script) the ledger's counters, the job's budget reservation settled with its real
 * cost (or, holding none, the cost charged to its key's and tenant's budgets), and the Prometheus counters
 * {@code llmpool.usage.tokens}, {@code llmpool.usage.cost} and {@code llmpool.usage.requests} by tenant and model.
 * The job's tenant is the one its result names (every result the router or a worker writes names one, or none); only
 * a result written before results carried it is looked up in the job's record.
 */
public class UsageMeter {

    private final UsageLedger ledger;
    private final JobStore jobs;
    private final ApiKeys keys;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonCodec codec;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration publishTimeout;

    public UsageMeter(UsageLedger ledger, JobStore jobs, ApiKeys keys, KafkaTemplate<String, byte[]> kafka,
                      JsonCodec codec, MeterRegistry meters, Clock clock, Duration publishTimeout) {
        this.ledger = ledger;
        this.jobs = jobs;
        this.keys = keys;
        this.kafka = kafka;
        this.codec = codec;
        this.meters = meters;
        this.clock = clock;
        this.publishTimeout = publishTimeout;
    }

    /** Meters {@code result}; false when it was metered before. */
    public boolean meter(JobResult result) throws Exception {
        String tenant = result.namesTenant() ? result.namedTenant()
                : jobs.find(result.correlationId()).map(this::tenant).orElse(null);
        UsageLedger.Metered metered = ledger.measure(result, tenant);
        publish(metered.records());
        Instant now = clock.instant();
        List<Budgets.Counter> counters = tenant == null ? List.of() : Budgets.counters(tenant,
                UsageLedger.NO_KEY.equals(metered.keyId()) ? null : keys.find(metered.keyId())
                        .filter(k -> tenant.equals(k.tenant())).orElse(null),
                keys.tenantLimits(tenant), now);
        boolean first = ledger.meter(result, metered, counters, now);
        if (first) {
            count(metered, result);
        }
        return first;
    }

    private void publish(List<UsageRecord> records) throws Exception {
        List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
        for (UsageRecord record : records) {
            sends.add(kafka.send(new ProducerRecord<>(Topics.USAGE, record.tenant(), codec.toBytes(record))));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void count(UsageLedger.Metered metered, JobResult result) {
        String model = result.model() == null ? "-" : result.model();
        Counter.builder("llmpool.usage.requests").tag("tenant", metered.tenant()).tag("model", model)
                .register(meters).increment();
        for (UsageRecord r : metered.records()) {
            String m = r.model() == null ? "-" : r.model();
            Counter.builder("llmpool.usage.tokens").tag("tenant", metered.tenant()).tag("model", m)
                    .tag("kind", "prompt").register(meters).increment(r.promptTokens());
            Counter.builder("llmpool.usage.tokens").tag("tenant", metered.tenant()).tag("model", m)
                    .tag("kind", "completion").register(meters).increment(r.completionTokens());
            Counter.builder("llmpool.usage.cost").baseUnit("usd").tag("tenant", metered.tenant()).tag("model", m)
                    .register(meters).increment(Money.usd(Money.nanos(r.costUsd())));
        }
    }

    private String tenant(JobView view) {
        if (view.requestJson() == null) {
            return null;
        }
        JsonNode tenant = codec.readTree(view.requestJson()).get("tenant");
        return tenant == null || tenant.isNull() ? null : tenant.asString();
    }
}
