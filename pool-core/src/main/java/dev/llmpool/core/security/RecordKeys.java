package dev.llmpool.core.security;

import io.lettuce.core.api.StatefulRedisConnection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The keys of the pool's record signatures: one signs, and the records of every accepted one are taken. */
public interface RecordKeys {

    /** The key records are signed with now. */
    RecordKey signing();

    /** The keys a signature may be made with, {@link #signing()} first (then the ones a rotation left behind). */
    List<RecordKey> accepted();

    /** Where the signing key comes from, for the log: "configured" or "shared through Redis". */
    String source();

    /**
     * The pool's keys: {@code recordKey} (base64) when given, else the key shared through Redis (stored there first
     * when there is none), with {@code previous} still accepted either way. A refusal names the setting, never a key.
     *
     * @param refresh how often the shared key is read again from Redis
     */
    static RecordKeys of(String recordKey, List<String> previous, Duration refresh,
                         StatefulRedisConnection<String, String> redis, Clock clock) {
        List<RecordKey> before = new ArrayList<>();
        for (int i = 0; i < previous.size(); i++) {
            before.add(RecordKey.parse(previous.get(i), "llmpool.security.previous-record-keys[" + i
                    + "] (LLMPOOL_PREVIOUS_RECORD_KEYS)"));
        }
        if (recordKey != null && !recordKey.isBlank()) {
            return fixed(RecordKey.parse(recordKey, "llmpool.security.record-key (LLMPOOL_RECORD_KEY)"), before);
        }
        return SharedRecordKey.join(redis, new SecureRandom(), clock, refresh, before);
    }

    /** A configured key ({@code llmpool.security.record-key}) and the keys still accepted after a rotation. */
    static RecordKeys fixed(RecordKey signing, List<RecordKey> previous) {
        List<RecordKey> accepted = new ArrayList<>();
        accepted.add(signing);
        previous.stream().filter(key -> !accepted.contains(key)).forEach(accepted::add);
        return new FixedRecordKeys(signing, List.copyOf(accepted));
    }

    /** Keys that never change while the process runs. */
    record FixedRecordKeys(RecordKey signing, List<RecordKey> accepted) implements RecordKeys {

        @Override
        public String source() {
            return "configured";
        }
    }
}
