/**
 * Offline replay of the routing and escalation policy over recorded outcomes (no LLM calls), its report against
 * "always the first tier" and "always the last tier", and threshold calibration.
 */
package dev.llmpool.router.policy.replay;
