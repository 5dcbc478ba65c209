package dev.llmpool.router.machine;

import dev.llmpool.schemas.envelope.AttemptOutcome;

/**
 * The transitions of one kind of job, which {@link RouterStateMachine} picks once per event after the checks every
 * job shares (a repeated or stale event, the deadline of a new job). Pure.
 */
sealed interface JobTransitions permits PinnedJob, RoutedJob, EmbeddingsJob {

    /** A new job, its record created when it had to be and its deadline not yet passed. */
    Transition received(TransitionContext ctx);

    /** The cache answered the job's lookup: {@code checked} holds the answer, or nothing on a miss. */
    Transition cacheChecked(TransitionContext ctx, RouterEvent.CacheChecked checked);

    /** The outcome of the job's current, pending attempt. */
    Transition outcome(TransitionContext ctx, AttemptOutcome outcome);
}
