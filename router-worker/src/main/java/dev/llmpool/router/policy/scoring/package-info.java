/** Scorers judging an answer (each a score in [0,1], a hard fail, or no opinion, with a reason) and their combination. */
package dev.llmpool.router.policy.scoring;
