package dev.llmpool.core.config;

import dev.llmpool.core.batch.BatchLedger;
import dev.llmpool.core.batch.BatchProperties;
import dev.llmpool.core.batch.BatchRecords;
import dev.llmpool.core.batch.FileRecords;
import dev.llmpool.core.cache.CacheKeys;
import dev.llmpool.core.cache.ResultCache;
import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.files.FileStore;
import dev.llmpool.core.files.FileStores;
import dev.llmpool.core.files.FilesProperties;
import dev.llmpool.core.files.LazyFileStore;
import dev.llmpool.core.kafka.DeadLetterPublisher;
import dev.llmpool.core.kafka.PoolTopics;
import dev.llmpool.core.kafka.QueueWaitMeter;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.LuaScripts;
import dev.llmpool.core.redis.OnceMarkers;
import dev.llmpool.core.redis.RedisLink;
import dev.llmpool.core.redis.StreamSubscriptions;
import dev.llmpool.core.routing.LiveRoutes;
import dev.llmpool.core.routing.RoutesFileWatcher;
import dev.llmpool.core.routing.RoutesWatch;
import dev.llmpool.core.security.RecordKeys;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.core.security.SigningInterceptor;
import dev.llmpool.core.summarize.SummarizeProperties;
import dev.llmpool.core.summarize.SummaryRecords;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.ShareConsumerFactory;

/**
 * The shared pieces as beans: one Redis connection (Lettuce multiplexes it), one pub/sub connection, the
 * JSON codec, the catalog, the record signer, a byte-valued Kafka template that signs what it sends, consumer
 * factories, and the pool's topics.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties({PoolProperties.class, KafkaProperties.class, FilesProperties.class,
        BatchProperties.class, SummarizeProperties.class})
public class PoolCoreAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PoolCoreAutoConfiguration.class);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** How long records wait in their topics ({@code llmpool.queue.wait}), for the router's and workers' listeners. */
    @Bean
    @ConditionalOnMissingBean
    QueueWaitMeter queueWaitMeter(ObjectProvider<MeterRegistry> registry, Clock clock) {
        return new QueueWaitMeter(registry.getIfAvailable(SimpleMeterRegistry::new), clock);
    }

    /** Token counts (jtokkit) for the router's features and the workers' quota estimates: one set of encodings. */
    @Bean
    @ConditionalOnMissingBean
    TokenCounter tokenCounter() {
        return new TokenCounter();
    }

    @Bean
    @ConditionalOnMissingBean
    JsonCodec jsonCodec() {
        return new JsonCodec();
    }

    @Bean
    @ConditionalOnMissingBean
    EnvelopeReader envelopeReader(JsonCodec codec) {
        return new EnvelopeReader(codec);
    }

    /** Lettuce's threads; a lost connection is tried again after 1 ms, 2 ms, 4 ms … but never more than 1 s apart. */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    ClientResources redisClientResources() {
        return ClientResources.builder().reconnectDelay(Delay.exponential(Duration.ofMillis(1),
                MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS)).build();
    }

    /**
     * The one Redis client of the process. While a connection is lost it reconnects by itself (checking the server
     * with a PING before using it again) and refuses commands meanwhile instead of queueing them, so a caller fails
     * at once; every command, sync or async, fails after {@code llmpool.redis.command-timeout}.
     */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    RedisClient redisClient(PoolProperties properties, ClientResources resources) {
        Duration timeout = properties.redis().commandTimeout();
        RedisURI uri = RedisURI.create(properties.redis().url());
        uri.setTimeout(timeout);
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .pingBeforeActivateConnection(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        return client;
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> poolRedisConnection(RedisClient client) {
        return client.connect();
    }

    /** Whether the pool's connection is up, for whoever must not even try while Redis is away. */
    @Bean
    RedisLink redisLink(StatefulRedisConnection<String, String> poolRedisConnection) {
        return new RedisLink(poolRedisConnection);
    }

    @Bean(destroyMethod = "close")
    StreamSubscriptions streamSubscriptions(RedisClient client, JsonCodec codec) {
        StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub();
        return new StreamSubscriptions(pubsub, codec);
    }

    @Bean
    LuaScripts luaScripts(StatefulRedisConnection<String, String> redis) {
        return new LuaScripts(redis);
    }

    @Bean
    JobStore jobStore(StatefulRedisConnection<String, String> redis, LuaScripts scripts, JsonCodec codec, Clock clock,
                      PoolProperties properties) {
        return new JobStore(redis, scripts, codec, clock, properties);
    }

    @Bean
    JobEventStream jobEventStream(StatefulRedisConnection<String, String> redis, LuaScripts scripts,
                                  StreamSubscriptions subscriptions, JsonCodec codec, PoolProperties properties) {
        return new JobEventStream(redis, scripts, subscriptions, codec, properties);
    }

    @Bean
    OnceMarkers onceMarkers(StatefulRedisConnection<String, String> redis) {
        return new OnceMarkers(redis);
    }

    /**
     * Where files live ({@code llmpool.files.*}): opened on first use, so roles that never touch files never create
     * the folder or contact the S3 store.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    FileStore fileStore(FilesProperties files, Clock clock) {
        return new LazyFileStore(() -> FileStores.create(files, clock), files.store() == FilesProperties.Store.S3
                ? "s3://" + files.s3().bucket() + "/" + files.s3().prefix() : files.local().dir());
    }

    /** File objects of the Files API. */
    @Bean
    FileRecords fileRecords(StatefulRedisConnection<String, String> redis, JsonCodec codec, FilesProperties files) {
        return new FileRecords(redis, codec, files.ttl());
    }

    /** Batch records of the Batch API, shared by the gateway and the runners. */
    @Bean
    BatchRecords batchRecords(StatefulRedisConnection<String, String> redis, BatchProperties batch) {
        return new BatchRecords(redis, batch.ttl());
    }

    /** The batches' line ledgers, moved by the runners only. */
    @Bean
    BatchLedger batchLedger(StatefulRedisConnection<String, String> redis, BatchProperties batch) {
        return new BatchLedger(redis, batch.ttl());
    }

    /** The summarization service's documents by id, shared by the gateway and the runners. */
    @Bean
    SummaryRecords summaryRecords(StatefulRedisConnection<String, String> redis, JsonCodec codec, Clock clock,
                                  SummarizeProperties summarize) {
        return new SummaryRecords(redis, codec, clock, summarize.resultTtl());
    }

    @Bean
    CacheKeys cacheKeys(JsonCodec codec, PoolProperties properties) {
        return new CacheKeys(codec, properties.cache().sharedAcrossTenants());
    }

    @Bean
    ResultCache resultCache(StatefulRedisConnection<String, String> redis, JsonCodec codec) {
        return new ResultCache(redis, codec);
    }

    @Bean
    @ConditionalOnMissingBean
    ModelCatalog modelCatalog(PoolProperties properties, ResourceLoader resources) {
        return new CatalogLoader().load(resources.getResource(properties.catalog().location()));
    }

    /**
     * The routing rules in force, for every role in this process (the gateway's route aliases, the router's rules).
     * Reloaded on change when they are a file on disk; see {@link #routesFileWatcher}.
     */
    @Bean
    @ConditionalOnMissingBean
    LiveRoutes liveRoutes(PoolProperties properties, ResourceLoader resources,
                          ObjectProvider<MeterRegistry> meters) {
        Resource resource = resources.getResource(properties.routing().location());
        String text;
        try {
            text = resource.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read routing rules " + resource.getDescription(), e);
        }
        return new LiveRoutes(text, properties.routing().location(),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * Polls the rules file every {@code llmpool.routing.reload-interval} when {@code llmpool.routing.location} is a
     * file on disk (a {@code file:} URL); absent for classpath rules or a zero interval.
     */
    @Bean(destroyMethod = "close")
    RoutesWatch routesFileWatcher(PoolProperties properties, ResourceLoader resources, LiveRoutes routes) {
        String location = properties.routing().location();
        Duration interval = properties.routing().reloadInterval();
        Resource resource = resources.getResource(location);
        if (location.startsWith(ResourceLoader.CLASSPATH_URL_PREFIX) || interval.isZero() || !resource.isFile()) {
            return RoutesWatch.NONE;
        }
        try {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("llmpool-routes-watch").daemon().factory());
            RoutesFileWatcher watcher = new RoutesFileWatcher(resource.getFile().toPath(), routes)
                    .start(scheduler, interval);
            return new RoutesWatch(watcher, scheduler);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot watch routing rules " + location, e);
        }
    }

    /** Records up to {@code llmpool.topics.max-message-size}, unless the Kafka properties set max.request.size. */
    @Bean
    ProducerFactory<String, byte[]> poolProducerFactory(KafkaProperties kafka, PoolProperties properties) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, properties.topics().maxMessageBytes());
        return new DefaultKafkaProducerFactory<>(config);
    }

    /**
     * The keys of the pool's record signatures: {@code llmpool.security.record-key} when set, else one random key
     * shared through Redis (stored by the first process of the pool).
     */
    @Bean
    @ConditionalOnMissingBean
    RecordKeys recordKeys(PoolProperties properties, StatefulRedisConnection<String, String> poolRedisConnection,
                          Clock clock) {
        PoolProperties.Security security = properties.security();
        RecordKeys keys = RecordKeys.of(security.recordKey(), security.previousRecordKeys(), security.keyRefresh(),
                poolRedisConnection, clock);
        log.info("Internal records are signed with record key {} ({}); {} key(s) accepted", keys.signing()
                .fingerprint(), keys.source(), keys.accepted().size());
        return keys;
    }

    @Bean
    RecordSigner recordSigner(RecordKeys keys) {
        return new RecordSigner(keys);
    }

    /** Every record it sends is signed with the pool's key first ({@link SigningInterceptor}). */
    @Bean
    KafkaTemplate<String, byte[]> poolKafkaTemplate(ProducerFactory<String, byte[]> producers, RecordSigner signer) {
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(producers);
        template.setProducerInterceptor(new SigningInterceptor(signer));
        return template;
    }

    @Bean
    ConsumerFactory<String, byte[]> poolConsumerFactory(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the pool's topics are created by PoolTopics with their partitions; a consumer asking for one first (the
        // summarize service's reader of llm.results starts with the beans) must not create it with the broker's
        // default count: the partitions added afterwards reach a group consumer only at its next metadata refresh
        // (five minutes), and the batch lines whose results land there wait that long
        config.putIfAbsent(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new DefaultKafkaConsumerFactory<>(config);
    }

    @Bean
    ShareConsumerFactory<String, byte[]> poolShareConsumerFactory(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.remove(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
        config.remove(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new DefaultShareConsumerFactory<>(config);
    }

    /** Dead letters cut to the producer's {@code max.request.size} when they would not fit whole. */
    @Bean
    DeadLetterPublisher deadLetterPublisher(KafkaTemplate<String, byte[]> kafka) {
        Object maxRequestSize = kafka.getProducerFactory().getConfigurationProperties().getOrDefault(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        return new DeadLetterPublisher(kafka, (Integer) ConfigDef.parseType(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                maxRequestSize, ConfigDef.Type.INT));
    }

    @Bean
    KafkaAdmin.NewTopics poolTopics(ModelCatalog catalog, PoolProperties properties) {
        return new KafkaAdmin.NewTopics(PoolTopics.newTopics(catalog, properties.topics())
                .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    }
}
