/** The gateway's auto-configuration and its {@code llmpool.gateway.*} properties. */
package dev.llmpool.gateway.config;
