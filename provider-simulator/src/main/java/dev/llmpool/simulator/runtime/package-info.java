/** The shared services a running simulator hands to each wire format's handlers. */
package dev.llmpool.simulator.runtime;
