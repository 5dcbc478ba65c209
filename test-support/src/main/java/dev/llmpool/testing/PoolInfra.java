package dev.llmpool.testing;

import dev.llmpool.embedded.kafka.EmbeddedKafka;
import dev.llmpool.embedded.kafka.EmbeddedKafkaSettings;
import dev.llmpool.embedded.redis.EmbeddedRedis;
import dev.llmpool.embedded.redis.EmbeddedRedisSettings;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real Kafka broker (KRaft, share groups on), a real Redis server and the provider simulator, started on
 * first use and shared by every test in the JVM (stopped when the JVM exits). Tests isolate themselves by
 * using fresh correlation ids, not fresh servers.
 */
public final class PoolInfra {

    /** Lazily created holder: the one piece of static state, and it lives in test support only. */
    private static final class Holder {
        private static final PoolInfra INSTANCE = new PoolInfra();
    }

    /**
     * The {@code openai} provider's API key in tests: the simulator accepts any key, and a secret that matches no
     * key pattern proves the adapter masks the configured key itself wherever a provider echoes it.
     */
    public static final String OPENAI_TEST_KEY = "pool-test-secret-7f3a9c2e51d04b68";

    private final EmbeddedKafka kafka;
    private final EmbeddedRedis redis;
    private final ProviderSimulator simulator;

    private PoolInfra() {
        this.kafka = EmbeddedKafka.start(EmbeddedKafkaSettings.ephemeral());
        this.redis = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral());
        this.simulator = ProviderSimulator.start(SimulatorSettings.defaults());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "pool-infra-stop"));
    }

    public static PoolInfra shared() {
        return Holder.INSTANCE;
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    public String redisUrl() {
        return redis.url();
    }

    public ProviderSimulator simulator() {
        return simulator;
    }

    /** The simulator's OpenAI base URL, {@code http://127.0.0.1:<port>/v1}. */
    public String simulatorOpenAiBaseUrl() {
        return simulator.baseUrl().toString().replaceAll("/$", "") + "/v1";
    }

    /** The simulator's root URL: the Anthropic ({@code /v1/messages}) and Gemini ({@code /v1beta}) formats live here. */
    public String simulatorRootUrl() {
        return simulator.baseUrl().toString().replaceAll("/$", "");
    }

    /** Points a Spring test context at these servers. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", this::kafkaBootstrap);
        registry.add("llmpool.redis.url", this::redisUrl);
        registry.add("llmpool.providers.openai.type", () -> "openai");
        registry.add("llmpool.providers.openai.base-url", this::simulatorOpenAiBaseUrl);
        registry.add("llmpool.providers.openai.api-key", () -> OPENAI_TEST_KEY);
        registry.add("llmpool.providers.local.type", () -> "openai");
        registry.add("llmpool.providers.local.base-url", this::simulatorOpenAiBaseUrl);
        registry.add("llmpool.providers.anthropic.type", () -> "anthropic");
        registry.add("llmpool.providers.anthropic.base-url", this::simulatorRootUrl);
        registry.add("llmpool.providers.anthropic.api-key", () -> "sk-simulated");
        registry.add("llmpool.providers.gemini.type", () -> "gemini");
        registry.add("llmpool.providers.gemini.base-url", this::simulatorRootUrl);
        registry.add("llmpool.providers.gemini.api-key", () -> "sk-simulated");
    }

    private void stop() {
        simulator.close();
        redis.close();
        kafka.close();
    }
}
