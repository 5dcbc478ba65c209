package dev.llmpool.core.redis;

import dev.llmpool.core.config.PoolProperties;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A job's event stream {@code llmpool:stream:{id}}: appended by the router and the workers, read by the
 * gateway. Each append is one Lua call that adds the entry, refreshes the TTL and announces it on the job's
 * channel; a delta a redelivered attempt already wrote is dropped there.
 */
public class JobEventStream {

    private static final String EVENT_FIELD = "event";

    private final StatefulRedisConnection<String, String> redis;
    private final LuaScripts scripts;
    private final StreamSubscriptions subscriptions;
    private final JsonCodec codec;
    private final String ttlMillis;
    private final Duration commandTimeout;

    public JobEventStream(StatefulRedisConnection<String, String> redis, LuaScripts scripts,
                          StreamSubscriptions subscriptions, JsonCodec codec, PoolProperties properties) {
        this.redis = redis;
        this.scripts = scripts;
        this.subscriptions = subscriptions;
        this.codec = codec;
        this.ttlMillis = Long.toString(properties.jobs().ttl().toMillis());
        this.commandTimeout = properties.redis().commandTimeout();
    }

    /** Appends and waits; returns the entry id, or null when the event was a repeated delta. */
    public String append(StreamEvent event) {
        return scripts.eval(LuaScripts.Script.APPEND, ScriptOutputType.VALUE, keys(event.correlationId()),
                args(event));
    }

    /** Appends without waiting; events appended from one thread keep their order. */
    public CompletableFuture<String> appendAsync(StreamEvent event) {
        return scripts.evalAsync(LuaScripts.Script.APPEND, ScriptOutputType.VALUE, keys(event.correlationId()),
                args(event));
    }

    /** The entries after {@code afterId} (exclusive), oldest first. */
    public List<StreamEntry> range(String correlationId, String afterId) {
        List<StreamMessage<String, String>> messages = redis.sync().xrange(RedisKeys.stream(correlationId),
                Range.create("(" + afterId, "+"), Limit.unlimited());
        List<StreamEntry> entries = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> message : messages) {
            String json = message.getBody().get(EVENT_FIELD);
            if (json != null) {
                entries.add(new StreamEntry(message.getId(), codec.fromJson(json, StreamEvent.class)));
            }
        }
        return entries;
    }

    /** Follows the job's events after {@code afterId} (null = from the start). */
    public EventTail tail(String correlationId, String afterId) {
        return subscribe(correlationId, afterId).startFromHistory();
    }

    /**
     * Asks for the job's live events after {@code afterId} (null = from the start) without waiting, so the caller
     * can do other round trips meanwhile; the tail is usable once started.
     */
    public EventTail subscribe(String correlationId, String afterId) {
        return new EventTail(this, subscriptions, RedisKeys.streamChannel(correlationId), correlationId, afterId,
                commandTimeout);
    }

    private static String[] keys(String correlationId) {
        return new String[] {RedisKeys.stream(correlationId), RedisKeys.streamSeq(correlationId),
                RedisKeys.streamChannel(correlationId)};
    }

    private String[] args(StreamEvent event) {
        boolean delta = event.type() == StreamEvent.Type.DELTA && event.attempt() != null && event.seq() != null;
        return new String[] {codec.toJson(event), ttlMillis, delta ? event.attempt().toString() : "",
                delta ? event.seq().toString() : "0"};
    }
}
