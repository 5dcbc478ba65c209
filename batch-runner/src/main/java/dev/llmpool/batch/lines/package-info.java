/** Batch lines, pure: validating an input line, the job of a line, the lines of the output and error files. */
package dev.llmpool.batch.lines;
