package dev.llmpool.core.batch;

/** The Lua of the batch records and the ledger; each touches only one batch's keys (one hash tag). */
final class BatchScripts {

    /** Creates a batch unless it exists. KEYS: batch. ARGV: ttl ms, then field, value pairs. Returns 1 if created. */
    static final String CREATE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1
            """;

    /**
     * Moves a batch to a status when its status is one of the given ones, setting fields with it. KEYS: batch.
     * ARGV: ttl ms, new status, n, n statuses, then field, value pairs. Returns 1 if moved.
     */
    static final String TRANSITION = """
            local status = redis.call('HGET', KEYS[1], 'status')
            if not status then return 0 end
            local n = tonumber(ARGV[3])
            local allowed = false
            for i = 1, n do if status == ARGV[3 + i] then allowed = true end end
            if not allowed then return 0 end
            redis.call('HSET', KEYS[1], 'status', ARGV[2])
            for i = 4 + n, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1
            """;

    /**
     * Records how lines ended, each at most once, and moves the counts only for a line this call recorded.
     * KEYS: batch, lines. ARGV: ttl ms, mode, then custom_id, state, input tokens, output tokens per line. Mode
     * {@code open} records only while the batch is {@code in_progress} or {@code cancelling}; mode {@code closing}
     * only while it is {@code finalizing} (the lines that never ran). Returns {recorded, closed (1 when the batch
     * took nothing), done (1 when every line has an end)}.
     */
    static final String MARK = """
            local status = redis.call('HGET', KEYS[1], 'status')
            if not status then return {0, 1, 0} end
            if ARGV[2] == 'open' then
              if status ~= 'in_progress' and status ~= 'cancelling' then return {0, 1, 0} end
            elseif status ~= 'finalizing' then return {0, 1, 0} end
            local recorded = 0
            for i = 3, #ARGV, 4 do
              if redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1]) == 1 then
                recorded = recorded + 1
                if ARGV[i + 1] == 'completed' then
                  redis.call('HINCRBY', KEYS[1], 'completed', 1)
                  redis.call('HINCRBY', KEYS[1], 'input_tokens', ARGV[i + 2])
                  redis.call('HINCRBY', KEYS[1], 'output_tokens', ARGV[i + 3])
                else
                  redis.call('HINCRBY', KEYS[1], 'failed', 1)
                end
              end
            end
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            local total = tonumber(redis.call('HGET', KEYS[1], 'total') or '0')
            local ended = tonumber(redis.call('HGET', KEYS[1], 'completed') or '0')
              + tonumber(redis.call('HGET', KEYS[1], 'failed') or '0')
            local done = 0
            if total > 0 and ended >= total then done = 1 end
            return {recorded, 0, done}
            """;

    /** Extends a lease held by this token. KEYS: lease. ARGV: token, ttl ms. Returns 1 if held. */
    static final String RENEW = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    /** Gives a lease up if this token holds it. KEYS: lease. ARGV: token. */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            return redis.call('DEL', KEYS[1])
            """;

    private BatchScripts() {
    }
}
