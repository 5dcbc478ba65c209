/**
 * The one provider interface, the one course of a call every adapter follows, and the provider endpoints'
 * configuration.
 */
package dev.llmpool.workers.provider;
