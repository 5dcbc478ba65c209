/**
 * Attempt leases: how a worker takes an attempt off its provider's share group at once and still loses nothing when it
 * dies. The record is acknowledged as soon as its lease is in Redis; the worker renews its leases while it lives; a
 * lease that lapses (the worker was killed, or lost Redis for longer than the lease) has its record published to the
 * provider's topic again by any worker of that provider.
 */
package dev.llmpool.workers.lease;
