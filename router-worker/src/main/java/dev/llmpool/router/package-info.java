/** The router role: routes jobs to provider topics and finalizes them from attempt outcomes. */
package dev.llmpool.router;
