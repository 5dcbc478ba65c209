/** The OpenAI-compatible HTTP gateway: validates, assigns the correlation id, publishes, answers from Redis. */
package dev.llmpool.gateway;
