package dev.llmpool.batch.summarize.run;

import dev.llmpool.batch.summarize.plan.NodeKey;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A run's checkpoints in Redis, every key with a TTL ({@code llmpool.summarize.checkpoint-ttl}, days): the run's
 * record, each node's summary as it completes (a hash per document in progress) and each finished document's line
 * (after which its nodes are dropped). What is here is never asked of a provider again.
 */
public final class Checkpoints {

    private final StatefulRedisConnection<String, String> redis;
    private final JsonCodec codec;
    private final Clock clock;
    private final long ttlMillis;

    public Checkpoints(StatefulRedisConnection<String, String> redis, JsonCodec codec, Clock clock, Duration ttl) {
        this.redis = redis;
        this.codec = codec;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    /** A run's record. */
    public record RunInfo(String run, String optionsKey, String options, int documents, String createdAt) {
    }

    /** Records the run (keeping its first {@code created_at}) and makes it the latest run of its options. */
    public void startRun(String run, String optionsKey, String options, int documents) {
        RedisCommands<String, String> sync = redis.sync();
        String key = RedisKeys.summarizeRun(run);
        String now = clock.instant().toString();
        sync.hsetnx(key, "created_at", now);
        sync.hset(key, Map.of("options_key", optionsKey, "options", options, "documents",
                Integer.toString(documents), "updated_at", now));
        sync.pexpire(key, ttlMillis);
        sync.psetex(RedisKeys.summarizeLatest(optionsKey), ttlMillis, run);
    }

    public Optional<RunInfo> run(String run) {
        Map<String, String> hash = redis.sync().hgetall(RedisKeys.summarizeRun(run));
        if (hash == null || hash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RunInfo(run, hash.get("options_key"), hash.get("options"),
                Integer.parseInt(hash.getOrDefault("documents", "0")), hash.get("created_at")));
    }

    /** The latest run started with these options. */
    public Optional<String> latestRun(String optionsKey) {
        return Optional.ofNullable(redis.sync().get(RedisKeys.summarizeLatest(optionsKey)));
    }

    /** The keys of the run's finished documents. */
    public Set<String> finishedDocuments(String run) {
        return Set.copyOf(redis.sync().hkeys(RedisKeys.summarizeDocuments(run)));
    }

    public Optional<DocumentSummary> document(String run, String documentKey) {
        String json = redis.sync().hget(RedisKeys.summarizeDocuments(run), documentKey);
        return json == null ? Optional.empty() : Optional.of(codec.fromJson(json, DocumentSummary.class));
    }

    /** Stores a finished document's line, then drops its nodes. */
    public void saveDocument(String run, String documentKey, DocumentSummary summary) {
        RedisCommands<String, String> sync = redis.sync();
        String key = RedisKeys.summarizeDocuments(run);
        sync.hset(key, documentKey, codec.toJson(summary));
        sync.pexpire(key, ttlMillis);
        sync.del(RedisKeys.summarizeNodes(run, documentKey));
    }

    /** The checkpointed nodes of a document in progress. */
    public Map<NodeKey, NodeResult> nodes(String run, String documentKey) {
        Map<NodeKey, NodeResult> nodes = new TreeMap<>();
        redis.sync().hgetall(RedisKeys.summarizeNodes(run, documentKey)).forEach((field, json) ->
                nodes.put(NodeKey.parse(field), codec.fromJson(json, NodeResult.class)));
        return nodes;
    }

    /** How many nodes each document in progress has checkpointed (documents with none are left out). */
    public Map<String, Long> nodeCounts(String run, Iterable<String> documentKeys) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String documentKey : documentKeys) {
            long count = redis.sync().hlen(RedisKeys.summarizeNodes(run, documentKey));
            if (count > 0) {
                counts.put(documentKey, count);
            }
        }
        return counts;
    }

    public void saveNode(String run, String documentKey, NodeKey node, NodeResult result) {
        RedisCommands<String, String> sync = redis.sync();
        String key = RedisKeys.summarizeNodes(run, documentKey);
        sync.hset(key, node.toString(), codec.toJson(result));
        sync.pexpire(key, ttlMillis);
    }
}
