package dev.llmpool.workers.provider.sse;

/**
 * One dispatched server-sent event.
 *
 * @param event the {@code event:} field, null when the frame had none (OpenAI and Gemini send none)
 * @param data  the {@code data:} lines joined with {@code \n}
 */
public record SseEvent(String event, String data) {
}
