package dev.llmpool.launcher.command.keys;

import dev.llmpool.embedded.redis.RedisPassword;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The pool's Redis, as the commands that are not the pool reach it (keys, usage, summarize, dlq) and the roles run
 * beside {@code llmpool up}: {@code --redis} (or {@code REDIS_URL}); when the URL has
 * no password and {@code --data-dir} holds the embedded Redis's ({@code llmpool up}'s), that one.
 */
public final class RedisOptions {

    /** Options read by picocli. */
    public RedisOptions() {
    }

    @Option(names = "--redis", defaultValue = "${env:REDIS_URL:-redis://127.0.0.1:6379}",
            description = "Redis URL (default: $REDIS_URL or ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--data-dir", defaultValue = ".llmpool/data",
            description = "The data folder of `llmpool up`, where its Redis password is (default ${DEFAULT-VALUE}).")
    Path dataDir;

    /**
     * The URL to connect with: {@code --redis}, plus the embedded Redis's password when the URL names none and points
     * at this machine (the embedded Redis listens on loopback only; a Redis elsewhere is never sent that password).
     */
    public String effectiveUrl() {
        return loopback(url) ? withPassword(url, RedisPassword.find(dataDir.resolve("redis"))) : url;
    }

    static boolean loopback(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code url} with {@code password} when it names none (no {@code user:password@}). */
    static String withPassword(String url, String password) {
        int scheme = url.indexOf("://");
        if (password == null || scheme < 0 || url.indexOf('@', scheme) >= 0) {
            return url;
        }
        return url.substring(0, scheme + 3) + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@"
                + url.substring(scheme + 3);
    }

    /** A connection; close the client after. */
    Connected connect() {
        RedisClient client = RedisClient.create(effectiveUrl());
        return new Connected(client, client.connect());
    }

    /** A client and its connection, closed together. */
    record Connected(RedisClient client, StatefulRedisConnection<String, String> connection)
            implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
