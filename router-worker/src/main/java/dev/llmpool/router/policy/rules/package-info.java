/**
 * Routing rules in YAML: ordered rules (first match wins) over features and metadata pick a route, a ladder of
 * tiers on catalog models; loading validates against the catalog and names the line of any problem.
 */
package dev.llmpool.router.policy.rules;
