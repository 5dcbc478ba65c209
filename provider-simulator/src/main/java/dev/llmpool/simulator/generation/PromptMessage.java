package dev.llmpool.simulator.generation;

import java.util.Objects;

/**
 * One message of a conversation, reduced to what generation needs.
 *
 * @param role the role as the wire format names it ({@code system}, {@code user}, {@code assistant}, ...)
 * @param text the message's text parts joined; empty when it has none
 */
public record PromptMessage(String role, String text) {

    public PromptMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }
}
