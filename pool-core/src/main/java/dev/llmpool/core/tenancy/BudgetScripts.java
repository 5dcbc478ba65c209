package dev.llmpool.core.tenancy;

/**
 * The Lua of budgets and the ledger. Amounts are whole nano-dollars. A hold is {@code <amount>|<counter>|<counter>…}:
 * what a job reserved and the budget counters it reserved it in. Every key of one call shares the tenant's slot.
 */
final class BudgetScripts {

    private BudgetScripts() {
    }

    /** Gives back the reservation of {@code id} in its counters; the hold removed. */
    private static final String RELEASE_FUNCTION = """
            local function release(holds, expiry, id, charge)
              local hold = redis.call('HGET', holds, id)
              if not hold then return false end
              local amount = nil
              for part in string.gmatch(hold, '[^|]+') do
                if amount == nil then
                  amount = tonumber(part)
                else
                  redis.call('HINCRBY', part, 'reserved', -amount)
                  if charge then redis.call('HINCRBY', part, 'spent', charge) end
                end
              end
              redis.call('HDEL', holds, id)
              redis.call('ZREM', expiry, id)
              return true
            end
            """;

    /**
     * KEYS[1] holds, KEYS[2] hold expiry, KEYS[3..] the budget counters; ARGV[1] job id, ARGV[2] amount, ARGV[3] now
     * (ms), ARGV[4] when the hold lapses (ms), ARGV[5] the counters' TTL (ms), ARGV[6..] each counter's limit.
     * Releases lapsed holds first. Returns {1} when reserved, {2} when this job holds a reservation already, else
     * {0, index of the counter over its limit (1-based), spent, reserved}.
     */
    static final String RESERVE = RELEASE_FUNCTION + """
            local lapsed = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[3], 'LIMIT', 0, 100)
            for _, id in ipairs(lapsed) do
              if not release(KEYS[1], KEYS[2], id, nil) then redis.call('ZREM', KEYS[2], id) end
            end
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return {2} end
            local amount = tonumber(ARGV[2])
            for i = 3, #KEYS do
              local limit = tonumber(ARGV[3 + i])
              local spent = tonumber(redis.call('HGET', KEYS[i], 'spent') or '0')
              local reserved = tonumber(redis.call('HGET', KEYS[i], 'reserved') or '0')
              if spent + reserved + amount > limit then return {0, i - 2, spent, reserved} end
            end
            local hold = ARGV[2]
            for i = 3, #KEYS do
              redis.call('HINCRBY', KEYS[i], 'reserved', amount)
              redis.call('PEXPIRE', KEYS[i], ARGV[5])
              hold = hold .. '|' .. KEYS[i]
            end
            redis.call('HSET', KEYS[1], ARGV[1], hold)
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
            return {1}
            """;

    /** KEYS[1] holds, KEYS[2] hold expiry; ARGV[1] job id. 1 when a hold was released. */
    static final String RELEASE = RELEASE_FUNCTION + """
            if release(KEYS[1], KEYS[2], ARGV[1], nil) then return 1 end
            return 0
            """;

    /**
     * Meters one job once. KEYS[1] the job's metered marker, KEYS[2] holds, KEYS[3] hold expiry, KEYS[4] the day's
     * usage hash, KEYS[5..] the counters to charge when the job held no reservation; ARGV[1] job id, ARGV[2] cost,
     * ARGV[3] marker TTL, ARGV[4] usage TTL, ARGV[5] counters' TTL, ARGV[6] how many usage fields follow, then field,
     * increment pairs. Settles the job's hold (the reservation given back, the cost spent in the same counters), or
     * charges the given counters; adds the usage. 1 the first time, 0 when the job was metered already.
     */
    static final String METER = RELEASE_FUNCTION + """
            if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[3]) then return 0 end
            local cost = tonumber(ARGV[2])
            if not release(KEYS[2], KEYS[3], ARGV[1], cost) then
              for i = 5, #KEYS do
                redis.call('HINCRBY', KEYS[i], 'spent', cost)
                redis.call('PEXPIRE', KEYS[i], ARGV[5])
              end
            end
            local n = tonumber(ARGV[6])
            for i = 0, n - 1 do
              redis.call('HINCRBY', KEYS[4], ARGV[7 + 2 * i], ARGV[8 + 2 * i])
            end
            if n > 0 then redis.call('PEXPIRE', KEYS[4], ARGV[4]) end
            return 1
            """;
}
