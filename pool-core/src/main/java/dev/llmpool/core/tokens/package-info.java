/** Token counts of chat requests (jtokkit), shared by the router's features and the workers' rate limits. */
package dev.llmpool.core.tokens;
