package dev.llmpool.router.policy.scoring;

/** One generated token and its log probability. */
public record TokenLogprob(String token, double logprob) {
}
