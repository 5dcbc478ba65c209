/** The llmpool command. */
package dev.llmpool.launcher;
