package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A command to the batch runners on {@code llm.batch-commands} (key = batch id), schema
 * {@code batch-command.v1.json}. A command only says "look at this batch now": what to do is read from the batch's
 * record in Redis, so a repeated, late or lost command changes nothing (the runners' sweep finds every batch that
 * needs work anyway).
 *
 * @param type    {@code created} (validate and run it) or {@code cancel} (stop it)
 * @param batchId the batch ({@code batch_…})
 * @param at      when the command was sent
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchCommand(int schemaVersion, Type type, String batchId, Instant at) {

    public static final int VERSION = 1;

    /** What happened to the batch. */
    public enum Type {
        CREATED, CANCEL;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Type parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public static BatchCommand of(Type type, String batchId, Instant at) {
        return new BatchCommand(VERSION, type, batchId, at);
    }
}
