package dev.llmpool.gateway.error;

/**
 * Which API's error body a path answers with: Anthropic's under {@code /v1/messages}, OpenAI's everywhere else
 * (Chat Completions, Responses, Embeddings, and the pool's own APIs). Pure.
 */
public enum ErrorShape {
    OPENAI, ANTHROPIC;

    /** The shape of the errors of {@code path} (the request URI; null is OpenAI's). */
    public static ErrorShape of(String path) {
        return path != null && (path.equals("/v1/messages") || path.startsWith("/v1/messages/")) ? ANTHROPIC
                : OPENAI;
    }

    /** The body of {@code error} in this shape. */
    public Object body(ApiException error) {
        return this == ANTHROPIC ? AnthropicError.of(error) : error.body();
    }
}
