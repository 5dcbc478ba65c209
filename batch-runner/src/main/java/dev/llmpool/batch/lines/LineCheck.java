package dev.llmpool.batch.lines;

import dev.llmpool.core.batch.BatchError;
import tools.jackson.databind.JsonNode;

/** What checking one input line found: the line's custom_id and request body, or what is wrong with it. */
public sealed interface LineCheck {

    /** A line the pool can run. */
    record Valid(String customId, JsonNode body) implements LineCheck {
    }

    /** A line the batch fails for. */
    record Invalid(BatchError error) implements LineCheck {
    }
}
