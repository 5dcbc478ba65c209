/** The batch runner's auto-configuration, switched by {@code llmpool.batch.enabled}. */
package dev.llmpool.batch.config;
