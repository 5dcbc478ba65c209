/** Tenants: API keys (hashed in Redis) and their cache, limits, budgets reserved and settled, the usage ledger. */
package dev.llmpool.core.tenancy;
