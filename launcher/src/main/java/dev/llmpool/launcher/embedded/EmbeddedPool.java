package dev.llmpool.launcher.embedded;

import dev.llmpool.embedded.kafka.EmbeddedKafka;
import dev.llmpool.embedded.kafka.EmbeddedKafkaSettings;
import dev.llmpool.embedded.redis.EmbeddedRedisSettings;
import dev.llmpool.embedded.redis.SupervisedRedis;
import dev.llmpool.simulator.ProviderSimulator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;

/**
 * The servers the single-machine pool runs in-process: a KRaft broker and (unless an external one is given)
 * a Redis server, both keeping their data under the data folder so queued jobs survive a restart, and the
 * provider simulator. The Redis server is supervised: started again on its port and data when it dies.
 * Closing stops them in reverse order.
 */
public final class EmbeddedPool implements AutoCloseable {

    /** Counts the embedded Redis's restarts after it died. */
    public static final String REDIS_RESTARTS = "llmpool.redis.embedded.restarts";

    private final EmbeddedKafka kafka;
    private final SupervisedRedis redis;
    private final String redisUrl;
    private final ProviderSimulator simulator;

    private EmbeddedPool(EmbeddedKafka kafka, SupervisedRedis redis, String redisUrl, ProviderSimulator simulator) {
        this.kafka = kafka;
        this.redis = redis;
        this.redisUrl = redisUrl;
        this.simulator = simulator;
    }

    public static EmbeddedPool start(EmbeddedPoolSettings settings) {
        EmbeddedKafka kafka = EmbeddedKafka.start(new EmbeddedKafkaSettings(settings.kafkaPort(),
                settings.dataDir().resolve("kafka"), 6, Map.of()));
        SupervisedRedis redis = null;
        try {
            String redisUrl = settings.externalRedisUrl();
            if (redisUrl == null || redisUrl.isBlank()) {
                redis = SupervisedRedis.start(new EmbeddedRedisSettings(settings.redisPort(),
                        settings.dataDir().resolve("redis")));
                // the launcher's shutdown hook closes the application first, then this pool in order
                redis.detachShutdownHook();
                redisUrl = redis.url();
            }
            ProviderSimulator simulator = ProviderSimulator.start(settings.simulator());
            return new EmbeddedPool(kafka, redis, redisUrl, simulator);
        } catch (RuntimeException e) {
            if (redis != null) {
                redis.close();
            }
            kafka.close();
            throw e;
        }
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    public String redisUrl() {
        return redisUrl;
    }

    /** {@link #redisUrl()} without a password: what the banner prints. */
    public String redisDisplayUrl() {
        return redis != null ? redis.displayUrl() : redisUrl.replaceFirst("//[^@/]*@", "//");
    }

    public boolean redisEmbedded() {
        return redis != null;
    }

    /** The embedded Redis's restarts as {@value #REDIS_RESTARTS}; no meter when Redis is external. */
    public MeterBinder meters() {
        return registry -> {
            if (redis != null) {
                FunctionCounter.builder(REDIS_RESTARTS, redis, SupervisedRedis::restarts)
                        .description("Times the embedded Redis was started again after it died").register(registry);
            }
        };
    }

    /** The simulator's OpenAI-format base URL. */
    public String simulatorOpenAiBaseUrl() {
        return simulator.baseUrl().toString().replaceAll("/$", "") + "/v1";
    }

    @Override
    public void close() {
        simulator.close();
        if (redis != null) {
            redis.close();
        }
        kafka.close();
    }
}
