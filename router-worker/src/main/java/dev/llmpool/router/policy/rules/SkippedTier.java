package dev.llmpool.router.policy.rules;

/** A tier of the route the request cannot use, and why (its context window cannot hold the prompt, …). */
public record SkippedTier(int index, String model, String reason) {
}
