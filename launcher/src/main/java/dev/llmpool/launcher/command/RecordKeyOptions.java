package dev.llmpool.launcher.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The pool's record key, for the commands that run part of the pool or re-publish to its internal topics. Read from
 * the environment ({@code LLMPOOL_RECORD_KEY}, {@code LLMPOOL_PREVIOUS_RECORD_KEYS}) rather than given on the command
 * line, where every user of the machine could read it. Unset: the key the pool shares through Redis.
 */
public final class RecordKeyOptions {

    @Option(names = "--record-key", defaultValue = "${env:LLMPOOL_RECORD_KEY:-}", hidden = true,
            description = "The pool's record key, base64 of 32 bytes or more (default: $LLMPOOL_RECORD_KEY; unset: "
                    + "one key shared through Redis). Prefer the variable: a command line is visible to others.")
    String recordKey;

    @Option(names = "--previous-record-keys", defaultValue = "${env:LLMPOOL_PREVIOUS_RECORD_KEYS:-}", hidden = true,
            split = ",", description = "Keys still accepted after a rotation (default: $LLMPOOL_PREVIOUS_RECORD_KEYS, "
            + "comma-separated).")
    List<String> previousRecordKeys = new ArrayList<>();

    /** The key, or null when the pool's shared key is meant. */
    String recordKey() {
        return recordKey == null || recordKey.isBlank() ? null : recordKey.strip();
    }

    List<String> previousRecordKeys() {
        return previousRecordKeys == null ? List.of()
                : previousRecordKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
    }

    /** The Spring properties these stand for; none when nothing is set. */
    Map<String, Object> properties() {
        Map<String, Object> props = new LinkedHashMap<>();
        if (recordKey() != null) {
            props.put("llmpool.security.record-key", recordKey());
        }
        if (!previousRecordKeys().isEmpty()) {
            props.put("llmpool.security.previous-record-keys", String.join(",", previousRecordKeys()));
        }
        return props;
    }
}
