/** Provider workers: consume a provider's attempts from its share group, call the provider, report outcomes. */
package dev.llmpool.workers;
