/**
 * Confidence escalation: after each tier's answer, accept it, move up the ladder, or return the best answer so far,
 * within the route's escalation cap, the request's cost cap and the tenant's budget; with the decision trace.
 */
package dev.llmpool.router.policy.escalation;
