package dev.llmpool.embedded.redis;

import java.nio.file.Path;

/** Renders the {@code redis.conf} an {@link EmbeddedRedis} starts with. Pure: no I/O. */
final class RedisConfig {

    private RedisConfig() {
    }

    static String render(String host, int port, Path dataDir, boolean persistent) {
        return render(host, port, dataDir, persistent, null);
    }

    /** @param password the password clients must give ({@code requirepass}), or null for none */
    static String render(String host, int port, Path dataDir, boolean persistent, String password) {
        StringBuilder conf = new StringBuilder()
                .append("# written by EmbeddedRedis on every start\n")
                .append("bind ").append(host).append('\n')
                .append("port ").append(port).append('\n')
                .append("protected-mode yes\n")
                .append("daemonize no\n")
                .append("supervised no\n")
                .append("logfile \"\"\n")
                .append("always-show-logo no\n")
                .append("dir ").append(quote(dataDir.toString())).append('\n');
        if (password != null) {
            conf.append("requirepass ").append(quote(password)).append('\n');
        }
        if (persistent) {
            conf.append("appendonly yes\n")
                    .append("appendfilename ").append(quote(EmbeddedRedis.APPEND_ONLY_FILE)).append('\n')
                    .append("appendfsync everysec\n")
                    .append("save 3600 1 300 100 60 10000\n")
                    .append("pidfile ").append(quote(dataDir.resolve(EmbeddedRedis.PID_FILE).toString())).append('\n');
        } else {
            conf.append("appendonly no\n")
                    .append("save \"\"\n");
        }
        return conf.toString();
    }

    /** A double-quoted Redis config argument: backslashes and quotes escaped. */
    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
