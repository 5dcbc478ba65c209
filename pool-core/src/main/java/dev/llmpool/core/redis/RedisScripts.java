package dev.llmpool.core.redis;

/** The Lua the pool runs in Redis; each makes a multi-key change atomic in one round trip. */
final class RedisScripts {

    /**
     * Appends an event and announces it. KEYS: stream, seq-hash, channel. ARGV: event json, ttl ms,
     * attempt ('' for non-deltas), seq. A delta whose (attempt, seq) is not above the attempt's high-water
     * mark is a repeat from a redelivered attempt and is dropped (returns false).
     */
    static final String APPEND = """
            if ARGV[3] ~= '' then
              local hw = tonumber(redis.call('HGET', KEYS[2], ARGV[3]) or '-1')
              if tonumber(ARGV[4]) <= hw then return false end
              redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
              redis.call('PEXPIRE', KEYS[2], ARGV[2])
            end
            local id = redis.call('XADD', KEYS[1], '*', 'event', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('PUBLISH', KEYS[3], id .. '\\n' .. ARGV[1])
            return id
            """;

    /**
     * Creates a job record unless it exists. KEYS: job. ARGV: status, request json, now, ttl ms, fingerprint.
     * Returns 1 if created, 0 if it existed with the same fingerprint (or none), -1 if it existed with another.
     */
    static final String CREATE_JOB = """
            if redis.call('HSETNX', KEYS[1], 'status', ARGV[1]) == 0 then
              local known = redis.call('HGET', KEYS[1], 'fingerprint')
              if known and ARGV[5] ~= '' and known ~= ARGV[5] then return -1 end
              return 0
            end
            redis.call('HSET', KEYS[1], 'request', ARGV[2], 'created_at', ARGV[3], 'updated_at', ARGV[3])
            if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'fingerprint', ARGV[5]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """;

    /**
     * Creates a job record unless it exists and, only when it created it, appends and announces the job's first
     * event. KEYS: job, stream, channel. ARGV: status, request json, now, ttl ms, event json, fingerprint. Returns
     * the event's stream id, false when the job already existed with the same fingerprint (or none), or
     * {@value JobStore#CONFLICT} when it existed with another (a different request under the same id).
     */
    static final String CREATE_JOB_AND_APPEND = """
            if redis.call('HSETNX', KEYS[1], 'status', ARGV[1]) == 0 then
              local known = redis.call('HGET', KEYS[1], 'fingerprint')
              if known and ARGV[6] ~= '' and known ~= ARGV[6] then return 'conflict' end
              return false
            end
            redis.call('HSET', KEYS[1], 'request', ARGV[2], 'created_at', ARGV[3], 'updated_at', ARGV[3])
            if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'fingerprint', ARGV[6]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            local id = redis.call('XADD', KEYS[2], '*', 'event', ARGV[5])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call('PUBLISH', KEYS[3], id .. '\\n' .. ARGV[5])
            return id
            """;

    /**
     * Stores a job's final result once and, only when this call stored it, appends and announces the terminal event.
     * KEYS: job, stream, channel. ARGV: status, result json, now, ttl ms, event json. Returns the event's stream id,
     * or false when a result was already there.
     */
    static final String COMPLETE_JOB_AND_APPEND = """
            if redis.call('HSETNX', KEYS[1], 'result', ARGV[2]) == 0 then return false end
            redis.call('HSET', KEYS[1], 'status', ARGV[1], 'updated_at', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            local id = redis.call('XADD', KEYS[2], '*', 'event', ARGV[5])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call('PUBLISH', KEYS[3], id .. '\\n' .. ARGV[5])
            return id
            """;

    /**
     * Stores a job's final result once. KEYS: job. ARGV: status, result json, now, ttl ms.
     * Returns 1 if this call stored it, 0 if a result was already there.
     */
    static final String COMPLETE_JOB = """
            if redis.call('HSETNX', KEYS[1], 'result', ARGV[2]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], 'status', ARGV[1], 'updated_at', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """;

    /** Moves a job to a non-terminal status unless it has a result. KEYS: job. ARGV: status, now. */
    static final String SET_STATUS = """
            if redis.call('HEXISTS', KEYS[1], 'result') == 1 then return 0 end
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], 'status', ARGV[1], 'updated_at', ARGV[2])
            return 1
            """;

    private RedisScripts() {
    }
}
