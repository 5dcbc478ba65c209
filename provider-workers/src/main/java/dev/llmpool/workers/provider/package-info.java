/** The one provider interface, its error vocabulary mapping and the provider endpoints' configuration. */
package dev.llmpool.workers.provider;
