package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.schemas.envelope.ErrorClass;

/** What follows a failed attempt. */
public sealed interface NextStep {

    /** Another attempt, on the same model (a retry) or another (a fallback). */
    record Attempt(CatalogModel model) implements NextStep {
    }

    /** The job fails. */
    record Fail(ErrorClass errorClass, DeadLetterReason reason, String message) implements NextStep {
    }
}
