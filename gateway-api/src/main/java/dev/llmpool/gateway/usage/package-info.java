/** The usage meter: each job's result read off {@code llm.results}, its usage counted, its budget settled. */
package dev.llmpool.gateway.usage;
