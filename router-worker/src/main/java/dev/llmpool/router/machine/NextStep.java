package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.time.Duration;

/** What follows a failed attempt. */
public sealed interface NextStep {

    /**
     * Another attempt, on the same model (a retry) or another (a fallback).
     *
     * @param delay how long the worker waits before calling the provider (zero: at once)
     */
    record Attempt(CatalogModel model, Duration delay) implements NextStep {

        public Attempt(CatalogModel model) {
            this(model, Duration.ZERO);
        }
    }

    /** The job fails. */
    record Fail(ErrorClass errorClass, DeadLetterReason reason, String message) implements NextStep {
    }
}
