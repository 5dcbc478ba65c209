/** The summarization service's HTTP form: a pipeline put on {@code llm.summarize.requests}, its progress from Redis. */
package dev.llmpool.gateway.pipelines;
