package dev.llmpool.router.policy.scoring;

/** Judges one aspect of an answer. Pure: no I/O, no clock. */
@FunctionalInterface
public interface Scorer {

    Score score(ScoredAnswer answer, ScoringContext context, ScorerSpec spec);
}
