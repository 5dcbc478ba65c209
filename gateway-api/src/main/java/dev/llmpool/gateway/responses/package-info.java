/** OpenAI's Responses API at the gateway: the request read into a chat request, the answer and its typed events written back, responses stored for chaining. */
package dev.llmpool.gateway.responses;
