/** Server-sent events read line by line as they arrive, for every provider that streams over SSE. */
package dev.llmpool.workers.provider.sse;
