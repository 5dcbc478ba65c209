/** Ending a job: the one gate for its result (router and workers alike), the decision a worker carries out, refusals. */
package dev.llmpool.core.finalize;
