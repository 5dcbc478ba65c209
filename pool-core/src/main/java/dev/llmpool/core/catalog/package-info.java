/** The model catalog: model ids and aliases to provider, upstream model, context window and prices. */
package dev.llmpool.core.catalog;
