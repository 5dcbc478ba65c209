package dev.llmpool.core.redis;

import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the per-job pub/sub announcements out to local listeners over one pub/sub connection. A channel is
 * subscribed while at least one listener wants it. Listeners run on Lettuce's I/O thread: they must only hand off.
 *
 * <p>When the connection is lost, Lettuce reconnects and subscribes its channels again by itself, but whatever was
 * announced meanwhile is gone: each listener of a channel that was subscribed when the connection was lost is told
 * once Redis has confirmed the channel again ({@link Listener#resubscribed}), so it can read what it missed from the
 * stream.
 */
public class StreamSubscriptions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamSubscriptions.class);

    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final JsonCodec codec;
    private final Map<String, Set<Listener>> listeners = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> subscribed = new ConcurrentHashMap<>();
    private final Set<String> lost = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();

    public StreamSubscriptions(StatefulRedisPubSubConnection<String, String> pubsub, JsonCodec codec) {
        this.pubsub = pubsub;
        this.codec = codec;
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                dispatch(channel, message);
            }

            @Override
            public void subscribed(String channel, long count) {
                confirmedAgain(channel);
            }
        });
        pubsub.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                lost.addAll(listeners.keySet());
            }
        });
    }

    /**
     * What a subscriber is told about its channel.
     *
     * @param entries      each entry announced on the channel
     * @param resubscribed the channel was subscribed again after the connection was lost: announcements in between
     *                     are missing
     */
    public record Listener(Consumer<StreamEntry> entries, Runnable resubscribed) {
    }

    /**
     * Adds a listener at once and asks Redis for the channel without waiting: everything published after
     * {@link Subscription#confirmed()} completes reaches the listener (some earlier messages may too), so a caller
     * that must miss nothing waits for that before it relies on the feed.
     */
    public Subscription subscribe(String channel, Listener listener) {
        CompletableFuture<Void> ready;
        lock.lock();
        try {
            listeners.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(listener);
            ready = subscribed.computeIfAbsent(channel,
                    c -> pubsub.async().subscribe(c).toCompletableFuture().thenApply(v -> null));
        } finally {
            lock.unlock();
        }
        // a refused subscription (Redis away) is asked for again by the next subscriber, not handed to it failed
        ready.whenComplete((v, error) -> {
            if (error != null) {
                subscribed.remove(channel, ready);
            }
        });
        return new Subscription(ready, () -> unsubscribe(channel, listener));
    }

    /**
     * A listener's subscription.
     *
     * @param confirmed completes when Redis confirmed the channel
     * @param cancel    removes the listener (and the channel when it was the last one)
     */
    public record Subscription(CompletableFuture<Void> confirmed, Runnable cancel) {
    }

    private void unsubscribe(String channel, Listener listener) {
        lock.lock();
        try {
            Set<Listener> set = listeners.get(channel);
            if (set == null || !set.remove(listener) || !set.isEmpty()) {
                return;
            }
            listeners.remove(channel);
            subscribed.remove(channel);
            lost.remove(channel);
            pubsub.async().unsubscribe(channel);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Redis confirmed a channel: tells its listeners when it was one subscribed before the connection was lost
     * (Lettuce subscribes those again on reconnecting); drops a channel nobody wants any longer (its unsubscribe
     * may have been refused while Redis was away).
     */
    private void confirmedAgain(String channel) {
        Set<Listener> set;
        lock.lock();
        try {
            set = listeners.get(channel);
            if (set == null) {
                pubsub.async().unsubscribe(channel);
                return;
            }
        } finally {
            lock.unlock();
        }
        if (lost.remove(channel)) {
            for (Listener listener : set) {
                listener.resubscribed().run();
            }
        }
    }

    private void dispatch(String channel, String message) {
        Set<Listener> set = listeners.get(channel);
        if (set == null || set.isEmpty()) {
            return;
        }
        int newline = message.indexOf('\n');
        if (newline < 0) {
            log.warn("Ignoring malformed stream announcement on {}", channel);
            return;
        }
        StreamEntry entry;
        try {
            entry = new StreamEntry(message.substring(0, newline),
                    codec.fromJson(message.substring(newline + 1), StreamEvent.class));
        } catch (RuntimeException e) {
            log.warn("Ignoring unreadable stream announcement on {}: {}", channel, e.getMessage());
            return;
        }
        for (Listener listener : set) {
            listener.entries().accept(entry);
        }
    }

    @Override
    public void close() {
        pubsub.close();
    }
}
