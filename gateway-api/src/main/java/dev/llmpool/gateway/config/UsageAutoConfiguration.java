package dev.llmpool.gateway.config;

import dev.llmpool.core.config.PoolCoreAutoConfiguration;
import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.core.config.TenancyAutoConfiguration;
import dev.llmpool.core.kafka.BackgroundConsumers;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.core.tenancy.ApiKeys;
import dev.llmpool.core.tenancy.UsageLedger;
import dev.llmpool.gateway.usage.UsageLoop;
import dev.llmpool.gateway.usage.UsageMeter;
import dev.llmpool.schemas.json.JsonCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The usage meter, beside the gateway (where budgets are reserved, so wherever they are reserved they are also
 * settled): {@code llm.results} read in consumer group {@code llmpool-usage}. On with the gateway unless
 * {@code llmpool.usage.enabled=false}; several gateways share the work.
 */
@AutoConfiguration(after = {PoolCoreAutoConfiguration.class, TenancyAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "llmpool.gateway.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "llmpool.usage.enabled", matchIfMissing = true)
public class UsageAutoConfiguration {

    /** The consumer group of the usage meters. */
    public static final String GROUP = "llmpool-usage";

    @Bean
    UsageMeter usageMeter(UsageLedger ledger, JobStore jobs, ApiKeys keys,
                          @Qualifier("poolKafkaTemplate") KafkaTemplate<String, byte[]> kafka, JsonCodec codec,
                          ObjectProvider<MeterRegistry> meters, Clock clock, PoolProperties pool) {
        return new UsageMeter(ledger, jobs, keys, kafka, codec, meters.getIfAvailable(SimpleMeterRegistry::new),
                clock, java.time.Duration.ofSeconds(10));
    }

    @Bean
    UsageLoop usageLoop(@Qualifier("poolConsumerFactory") ConsumerFactory<String, byte[]> consumers, UsageMeter meter,
                        RecordSigner signer, JsonCodec codec, PoolProperties pool) {
        Properties overrides = BackgroundConsumers.overrides();
        // a new group meters what the topic still holds: metering is counted once per job whatever is read again
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // notice partitions added to llm.results within seconds (the pool's consumers never create topics)
        overrides.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "10000");
        return new UsageLoop(() -> consumers.createConsumer(GROUP, pool.instanceId() + "-usage", null, overrides),
                meter, signer, codec);
    }
}
