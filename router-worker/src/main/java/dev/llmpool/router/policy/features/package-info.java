/** Features of a request (tokens, code, script, turns, tools, JSON, task, tenant, pin) as pure functions. */
package dev.llmpool.router.policy.features;
