/** Anthropic Messages at the gateway: the request read into a chat request, the answer and its stream written back in Anthropic's shape. Pure. */
package dev.llmpool.gateway.anthropic;
