package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The client API a job came in through, and so the shape its answer is given back in. Chat Completions, Messages
 * and Responses jobs carry an OpenAI Chat Completions body (the gateway translated the other two) and their result
 * keeps the chat completion; the gateway gives it back in the job's API's shape. Embeddings jobs carry an embeddings
 * request instead and their result holds the embeddings.
 */
public enum Api {
    /** OpenAI Chat Completions ({@code POST /v1/chat/completions}): the default. */
    CHAT_COMPLETIONS("chat.completions"),
    /** Anthropic Messages ({@code POST /v1/messages}). */
    MESSAGES("messages"),
    /** OpenAI Responses ({@code POST /v1/responses}). */
    RESPONSES("responses"),
    /** OpenAI Embeddings ({@code POST /v1/embeddings}). */
    EMBEDDINGS("embeddings");

    private final String json;

    Api(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @JsonCreator
    public static Api parse(String value) {
        if (value == null) {
            return CHAT_COMPLETIONS;
        }
        for (Api api : values()) {
            if (api.json.equals(value)) {
                return api;
            }
        }
        throw new IllegalArgumentException("unknown api '" + value + "'");
    }
}
