/**
 * The summarization pipeline as a service: documents from {@code llm.summarize.requests} summarized by the same
 * engine, planner and checkpoints as {@code llmpool summarize}, their results on {@code llm.summarize.results} and in
 * Redis by id, offsets committed only for documents done.
 */
package dev.llmpool.batch.summarize.service;
