/** The one mapping from failures to OpenAI's error body and HTTP status. */
package dev.llmpool.gateway.error;
