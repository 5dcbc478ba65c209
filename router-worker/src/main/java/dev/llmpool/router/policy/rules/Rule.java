package dev.llmpool.router.policy.rules;

/**
 * When {@code when} holds, the request takes {@code route}.
 *
 * @param line the rule's line in its file, for traces and messages
 */
public record Rule(String name, Condition when, String route, int line) {
}
