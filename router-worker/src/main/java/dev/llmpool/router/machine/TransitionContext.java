package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.openai.Usage;
import java.time.Instant;

/**
 * What one transition reads besides its event's payload (the outcome, or the cached answer): the job as the event
 * found it and the world it is decided in. The state a transition builds is passed along beside it.
 *
 * @param state       the job's state when the event arrived
 * @param model       the model the event concerns: the current attempt's for an outcome (detached when the catalog
 *                    lost it), the job's for a cache answer, null for a new job
 * @param traceparent the W3C trace context to pass on: the event's, else the job's
 */
record TransitionContext(RouteState state, JobRequest request, CatalogModel model, ModelCatalog catalog,
                         Instant now, String traceparent) {

    /** The attempt the event is about (an outcome's), or null before the first. */
    AttemptRecord current() {
        return state.current();
    }

    boolean pastDeadline() {
        return !now.isBefore(state.deadline());
    }

    /** The state with the current attempt succeeded with {@code outcome}'s answer, priced at {@link #model}'s rates. */
    RouteState succeeded(AttemptOutcome outcome) {
        Usage usage = outcome.answerUsage();
        Double cost = usage == null ? null : model.price().cost(usage);
        return state.withCurrent(current().succeeded(outcome.latencyMs(), usage, cost, outcome.streamedChunks()));
    }
}
