package dev.llmpool.launcher.command;

import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Where {@code llmpool up} listens, secure by default: while no key and no master key exists the API is open to
 * whoever reaches it, so it listens on the loopback interface only; once keys are required it listens on every
 * interface; {@code --host} says otherwise explicitly. Pure but for {@link #keysIn}.
 *
 * @param address   the gateway's {@code server.address}
 * @param open      no key is required
 * @param explicit  the address was given ({@code --host})
 */
record Exposure(String address, boolean open, boolean explicit) {

    static final String LOOPBACK = "127.0.0.1";
    static final String EVERYWHERE = "0.0.0.0";

    static Exposure of(String host, boolean masterKey, long keys) {
        boolean open = !masterKey && keys == 0;
        if (host != null && !host.isBlank()) {
            return new Exposure(host.strip(), open, true);
        }
        return new Exposure(open ? LOOPBACK : EVERYWHERE, open, false);
    }

    /** How many API keys the pool's Redis holds (0 when it cannot tell). */
    static long keysIn(String redisUrl) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().hlen(RedisKeys.apiKeys());
        } catch (RuntimeException e) {
            return 0;
        } finally {
            client.shutdown();
        }
    }

    /** The host a banner shows for the API. */
    String shownHost() {
        return address.equals(EVERYWHERE) || address.equals(LOOPBACK) ? "localhost" : address;
    }

    /** The banner's line about access. */
    String describe() {
        String where = address.equals(EVERYWHERE) ? "every interface" : address;
        if (open) {
            return "OPEN: no API key exists and no master key is set, so anyone who reaches the API may use it; "
                    + "listening on " + where + (explicit ? " (--host)" : " only")
                    + ".\n                         Create a key with `llmpool keys create --tenant NAME` (keys are then "
                    + "required) or set LLMPOOL_MASTER_KEY.";
        }
        return "keys required (Authorization: Bearer sk-llmpool-…); listening on " + where + ".";
    }
}
