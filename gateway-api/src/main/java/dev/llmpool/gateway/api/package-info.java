/** HTTP controllers of the OpenAI-compatible API and the async job API, request validation, SSE writing. */
package dev.llmpool.gateway.api;
