package dev.llmpool.launcher.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A replayed job starts its clock again: {@code created_at} becomes the replay time and a {@code deadline} moves by
 * as much, so the job has the time budget it was given (deadline minus creation), not a deadline long past. Anything
 * that is not a job envelope with those fields is returned as it was. Pure.
 */
public final class JobTimeBudget {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The job's bytes with its times moved to {@code now}; the input itself when there is nothing to move. */
    public byte[] renew(byte[] job, Instant now) {
        if (job == null) {
            return null;
        }
        try {
            JsonNode tree = JSON.readTree(job);
            if (!(tree instanceof ObjectNode envelope) || !envelope.path("created_at").isString()) {
                return job;
            }
            Instant created = Instant.parse(envelope.path("created_at").asString());
            if (envelope.path("deadline").isString()) {
                Duration budget = Duration.between(created, Instant.parse(envelope.path("deadline").asString()));
                envelope.put("deadline", now.plus(budget).toString());
            }
            envelope.put("created_at", now.toString());
            return JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8);
        } catch (JacksonException | DateTimeParseException e) {
            return job;
        }
    }
}
