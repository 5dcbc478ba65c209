package dev.llmpool.core.batch;

import dev.llmpool.core.redis.RedisScript;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's line ledger ({@code llmpool:batch:{id}:lines}): how each line ended, set once per custom_id, and the
 * batch's counts moved in the same Lua call only for a line that call set. However often a result is delivered, and
 * whichever runner reads it, a line is counted exactly once; once the batch is finalizing it takes no more results.
 */
public class BatchLedger {

    /** Lines per Lua call. */
    private static final int CHUNK = 500;

    /** One line's end. Tokens count only for completed lines. */
    public record Mark(String customId, LineState state, long inputTokens, long outputTokens) {
    }

    /**
     * What recording did.
     *
     * @param recorded lines recorded now (not before)
     * @param closed   the batch took nothing: it is not running (final, finalizing, unknown)
     * @param done     every line of the batch has an end
     */
    public record Marked(int recorded, boolean closed, boolean done) {
    }

    private final StatefulRedisConnection<String, String> redis;
    private final long ttlMillis;
    private final RedisScript mark = new RedisScript(BatchScripts.MARK);

    public BatchLedger(StatefulRedisConnection<String, String> redis, Duration ttl) {
        this.redis = redis;
        this.ttlMillis = ttl.toMillis();
    }

    /** Records lines that ran to an end (completed or failed) while the batch runs. */
    public Marked record(String batchId, List<Mark> marks) {
        return run(batchId, "open", marks);
    }

    /** Records, while the batch is finalizing, the lines that never ran ({@link LineState#EXPIRED}, …). */
    public Marked close(String batchId, List<Mark> marks) {
        return run(batchId, "closing", marks);
    }

    private Marked run(String batchId, String mode, List<Mark> marks) {
        int recorded = 0;
        boolean closed = false;
        boolean done = false;
        for (int from = 0; from < Math.max(1, marks.size()); from += CHUNK) {
            List<String> args = new ArrayList<>(List.of(Long.toString(ttlMillis), mode));
            for (Mark m : marks.subList(from, Math.min(marks.size(), from + CHUNK))) {
                args.add(m.customId());
                args.add(m.state().json());
                args.add(Long.toString(m.inputTokens()));
                args.add(Long.toString(m.outputTokens()));
            }
            List<Object> result = RedisScript.join(mark.evalAsync(redis, ScriptOutputType.MULTI,
                    new String[] {RedisKeys.batch(batchId), RedisKeys.batchLines(batchId)},
                    args.toArray(String[]::new)));
            recorded += ((Long) result.get(0)).intValue();
            closed = ((Long) result.get(1)) == 1L;
            done = ((Long) result.get(2)) == 1L;
            if (closed) {
                break;
            }
        }
        return new Marked(recorded, closed, done);
    }

    /** Every recorded line: custom_id → how it ended. */
    public Map<String, LineState> states(String batchId) {
        Map<String, LineState> states = new HashMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            MapScanCursor<String, String> page = redis.sync().hscan(RedisKeys.batchLines(batchId), cursor,
                    ScanArgs.Builder.limit(1000));
            page.getMap().forEach((k, v) -> states.put(k, LineState.parse(v)));
            cursor = page;
        } while (!cursor.isFinished());
        return states;
    }
}
