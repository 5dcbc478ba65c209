/**
 * Where documents come from: files and folders (plain text, Markdown, HTML, PDF, JSONL) and Kafka topics, read as
 * often as a run needs (once to plan and key the run, once to run it).
 */
package dev.llmpool.batch.summarize.input;
