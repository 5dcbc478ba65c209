/** Spring configuration of the provider workers: properties, provider selection, beans. */
package dev.llmpool.workers.config;
