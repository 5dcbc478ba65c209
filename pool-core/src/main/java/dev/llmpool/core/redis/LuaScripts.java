package dev.llmpool.core.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The pool-core scripts, loaded up front, each run as a {@link RedisScript}. */
public class LuaScripts {

    /** The scripts by role. */
    public enum Script {
        APPEND(RedisScripts.APPEND), CREATE_JOB(RedisScripts.CREATE_JOB), COMPLETE_JOB(RedisScripts.COMPLETE_JOB),
        SET_STATUS(RedisScripts.SET_STATUS), CREATE_JOB_AND_APPEND(RedisScripts.CREATE_JOB_AND_APPEND),
        COMPLETE_JOB_AND_APPEND(RedisScripts.COMPLETE_JOB_AND_APPEND);

        private final String source;

        Script(String source) {
            this.source = source;
        }
    }

    private final StatefulRedisConnection<String, String> redis;
    private final Map<Script, RedisScript> scripts = new EnumMap<>(Script.class);

    public LuaScripts(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
        for (Script script : Script.values()) {
            scripts.put(script, new RedisScript(script.source).load(redis));
        }
    }

    public <T> T eval(Script script, ScriptOutputType type, String[] keys, String... args) {
        return RedisScript.join(evalAsync(script, type, keys, args));
    }

    public <T> CompletableFuture<T> evalAsync(Script script, ScriptOutputType type, String[] keys, String... args) {
        return scripts.get(script).evalAsync(redis, type, keys, args);
    }
}
