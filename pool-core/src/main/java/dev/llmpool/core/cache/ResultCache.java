package dev.llmpool.core.cache;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The exact-match answer cache in Redis: one entry per request key, written once, with a TTL. */
public class ResultCache {

    private final StatefulRedisConnection<String, String> redis;
    private final JsonCodec codec;

    public ResultCache(StatefulRedisConnection<String, String> redis, JsonCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    public Optional<ChatCompletion> get(String key) {
        String json = redis.sync().get(RedisKeys.cache(key));
        return Optional.ofNullable(json).map(j -> codec.fromJson(j, ChatCompletion.class));
    }

    public CompletableFuture<Optional<ChatCompletion>> getAsync(String key) {
        return redis.async().get(RedisKeys.cache(key)).toCompletableFuture()
                .thenApply(json -> Optional.ofNullable(json).map(j -> codec.fromJson(j, ChatCompletion.class)));
    }

    /** An embeddings answer stored under {@code key} ({@link CacheKeys#key(dev.llmpool.schemas.openai.EmbeddingsRequest, String)}). */
    public Optional<EmbeddingsResponse> getEmbeddings(String key) {
        String json = redis.sync().get(RedisKeys.cache(key));
        return Optional.ofNullable(json).map(j -> codec.fromJson(j, EmbeddingsResponse.class));
    }

    public CompletableFuture<Optional<EmbeddingsResponse>> getEmbeddingsAsync(String key) {
        return redis.async().get(RedisKeys.cache(key)).toCompletableFuture()
                .thenApply(json -> Optional.ofNullable(json).map(j -> codec.fromJson(j, EmbeddingsResponse.class)));
    }

    /** Stores an embeddings answer unless one is stored; completes true when this call wrote it. */
    public CompletableFuture<Boolean> putEmbeddingsIfAbsentAsync(String key, EmbeddingsResponse embeddings,
                                                                 Duration ttl) {
        return redis.async().set(RedisKeys.cache(key), codec.toJson(embeddings),
                SetArgs.Builder.nx().px(ttl.toMillis())).toCompletableFuture().thenApply("OK"::equals);
    }

    /** Stores the answer unless one is stored; true when this call wrote it. */
    public boolean putIfAbsent(String key, ChatCompletion completion, Duration ttl) {
        return "OK".equals(redis.sync().set(RedisKeys.cache(key), codec.toJson(completion),
                SetArgs.Builder.nx().px(ttl.toMillis())));
    }

    /** Async variant of {@link #putIfAbsent}: commands sent from one thread keep their order on the connection. */
    public CompletableFuture<Boolean> putIfAbsentAsync(String key, ChatCompletion completion, Duration ttl) {
        return redis.async().set(RedisKeys.cache(key), codec.toJson(completion),
                SetArgs.Builder.nx().px(ttl.toMillis())).toCompletableFuture().thenApply("OK"::equals);
    }
}
