/** Runs the state machine for one record: load the job's state, decide, apply the effects, save the state last. */
package dev.llmpool.router.engine;
