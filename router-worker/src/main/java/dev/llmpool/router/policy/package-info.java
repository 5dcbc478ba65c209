/**
 * Content-based routing and confidence escalation as pure functions: features of a request, rules that pick a
 * route, scorers that judge an answer, and the policy that accepts, escalates or returns the best answer.
 */
package dev.llmpool.router.policy;
