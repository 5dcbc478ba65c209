/** HTTP shared by every provider's wire client: one client per provider, the call's time limits, error mapping. */
package dev.llmpool.workers.provider.http;
