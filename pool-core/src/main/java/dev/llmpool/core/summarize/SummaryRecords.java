package dev.llmpool.core.summarize;

import dev.llmpool.core.redis.RedisScript;
import dev.llmpool.core.text.CanonicalJson;
import dev.llmpool.core.text.Digests;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.SummarizeRequest;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The summarization service's documents in Redis, one hash per request id ({@code llmpool:summary:{id}}) with a TTL
 * ({@code llmpool.summarize.result-ttl}) that every write renews. The id is bound to its request's fingerprint by the
 * first claim; the result is stored once ({@link #storeResult}), whatever is delivered later; the hash says whether
 * it is on {@code llm.summarize.results} yet. Shared by the gateway (its HTTP form) and the batch runners.
 */
public class SummaryRecords {

    static final String STATUS = "status";
    static final String RESULT = "result";
    static final String PUBLISHED_AT = "published_at";

    /** KEYS: the hash. ARGV: fingerprint, now, ttl ms. Returns 0 new (queued now), 1 the same request, 2 another. */
    private static final String CLAIM = """
            local bound = redis.call('HGET', KEYS[1], 'fingerprint')
            if bound then
              if bound == ARGV[1] then return 1 end
              return 2
            end
            redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'status', 'queued', 'created_at', ARGV[2],
              'updated_at', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 0
            """;

    /** KEYS: the hash. ARGV: ttl ms, then field, value pairs. Sets them while it exists and has no result. */
    private static final String PROGRESS = """
            if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'result') == 1 then return 0 end
            for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1
            """;

    /** KEYS: the hash. ARGV: 1 when a chunk. Counts a node done while the hash exists and has no result. */
    private static final String NODE_DONE = """
            if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'result') == 1 then return 0 end
            redis.call('HINCRBY', KEYS[1], 'calls_done', 1)
            if ARGV[1] == '1' then redis.call('HINCRBY', KEYS[1], 'chunks_done', 1) end
            return 1
            """;

    /** KEYS: the hash. ARGV: result, status, now, ttl ms. Stores the result unless one is there; returns the stored. */
    private static final String STORE_RESULT = """
            local stored = redis.call('HGET', KEYS[1], 'result')
            if stored then return stored end
            redis.call('HSET', KEYS[1], 'result', ARGV[1], 'status', ARGV[2], 'updated_at', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return ARGV[1]
            """;

    /** What a claim found. */
    public enum Claim {
        /** The id was free: it is bound to this request now, queued. */
        NEW,
        /** The id is bound to this same request already (a repeat, or a record read again). */
        REPEAT,
        /** The id is bound to another request. */
        CONFLICT
    }

    private final StatefulRedisConnection<String, String> redis;
    private final JsonCodec codec;
    private final Clock clock;
    /** The document's tenant, its owner (absent: none). */
    static final String TENANT = "tenant";

    private final long ttlMillis;
    private final RedisScript claim = new RedisScript(CLAIM);
    private final RedisScript progress = new RedisScript(PROGRESS);
    private final RedisScript nodeDone = new RedisScript(NODE_DONE);
    private final RedisScript storeResult = new RedisScript(STORE_RESULT);

    public SummaryRecords(StatefulRedisConnection<String, String> redis, JsonCodec codec, Clock clock, Duration ttl) {
        this.redis = redis;
        this.codec = codec;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    /**
     * What an id is bound to: SHA-256 of the canonical JSON of the whole request (its text or file, title, options,
     * tenant and metadata), so the same request sent again is a repeat and another one under the same id a conflict.
     */
    public String fingerprint(SummarizeRequest request) {
        return Digests.sha256Hex(codec.toJson(CanonicalJson.of(codec.tree(request))));
    }

    /** Binds the request's id to it, unless it is bound already; a new document keeps its tenant, its owner. */
    public Claim claim(SummarizeRequest request) {
        Long found = RedisScript.join(claim.evalAsync(redis, ScriptOutputType.INTEGER, keys(request.id()),
                fingerprint(request), now(), ttl()));
        Claim claimed = Claim.values()[found.intValue()];
        if (claimed == Claim.NEW && request.tenant() != null) {
            redis.sync().hset(RedisKeys.summary(request.id()), TENANT, request.tenant());
        }
        return claimed;
    }

    /** The tenant a document belongs to, or null. */
    public String owner(String id) {
        return redis.sync().hget(RedisKeys.summary(id), TENANT);
    }

    /** The document is running, planned as {@code chunks} chunks and {@code calls} calls, some done already. */
    public void running(String id, int chunks, int chunksDone, int calls, int callsDone) {
        RedisScript.join(progress.evalAsync(redis, ScriptOutputType.INTEGER, keys(id), ttl(), STATUS,
                JobStatus.RUNNING.json(), "chunks", Integer.toString(chunks), "chunks_done",
                Integer.toString(chunksDone), "calls", Integer.toString(calls), "calls_done",
                Integer.toString(callsDone), "updated_at", now()));
    }

    /** One more of the document's calls is done (a chunk's when {@code chunk}). */
    public void nodeDone(String id, boolean chunk) {
        RedisScript.join(nodeDone.evalAsync(redis, ScriptOutputType.INTEGER, keys(id), chunk ? "1" : "0"));
    }

    /**
     * Stores the document's result unless it has one, and returns the one stored: this one, or the first (so whatever
     * is delivered again, it is the same result).
     */
    public String storeResult(String id, JobStatus status, String resultJson) {
        return RedisScript.join(storeResult.evalAsync(redis, ScriptOutputType.VALUE, keys(id), resultJson,
                status.json(), now(), ttl()));
    }

    /** The result is on {@code llm.summarize.results}. */
    public void published(String id) {
        redis.sync().hset(RedisKeys.summary(id), PUBLISHED_AT, now());
        redis.sync().pexpire(RedisKeys.summary(id), ttlMillis);
    }

    public Optional<SummaryState> find(String id) {
        Map<String, String> hash = redis.sync().hgetall(RedisKeys.summary(id));
        return hash == null || hash.isEmpty() ? Optional.empty() : Optional.of(SummaryState.of(id, hash));
    }

    private static String[] keys(String id) {
        return new String[] {RedisKeys.summary(id)};
    }

    private String now() {
        return clock.instant().toString();
    }

    private String ttl() {
        return Long.toString(ttlMillis);
    }
}
