/**
 * HTTP shared by every provider's wire client: one client per provider, the call's time limits, JSON answers and
 * streams, error mapping and message cleaning.
 */
package dev.llmpool.workers.provider.http;
