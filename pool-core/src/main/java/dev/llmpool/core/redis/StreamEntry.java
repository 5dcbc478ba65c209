package dev.llmpool.core.redis;

import dev.llmpool.schemas.envelope.StreamEvent;

/** An event with its Redis stream entry id (which is also its SSE id). */
public record StreamEntry(String id, StreamEvent event) {
}
