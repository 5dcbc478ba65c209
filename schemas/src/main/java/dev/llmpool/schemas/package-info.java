/** The contract every producer and consumer of the pool shares: envelopes, OpenAI wire records, topic, header and Redis key names. */
package dev.llmpool.schemas;
