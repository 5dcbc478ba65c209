/** Real servers started in-process for {@code llmpool up} and integration tests, plus the small helpers they share. */
package dev.llmpool.embedded;
