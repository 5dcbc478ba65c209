/** Who calls: API keys checked on every request, each tenant's objects its own, limits and budgets at admission. */
package dev.llmpool.gateway.tenancy;
