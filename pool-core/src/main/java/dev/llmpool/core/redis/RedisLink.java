package dev.llmpool.core.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a Redis connection is up, as Lettuce last reported it: down from the moment the connection is lost until
 * Lettuce has connected again. Cheap to ask, for callers that must not even try while Redis is away (a consumer that
 * would otherwise take records it cannot lease); logs each loss and return once.
 */
public final class RedisLink {

    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

    private volatile boolean up = true;

    public RedisLink(StatefulConnection<?, ?> connection) {
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (!up) {
                    up = true;
                    log.info("Redis connection to {} is back", address);
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (up && handler.isOpen()) { // not closed on purpose
                    up = false;
                    log.warn("Redis connection lost; reconnecting");
                }
            }
        });
    }

    /** False while the connection is lost. */
    public boolean up() {
        return up;
    }
}
