/** The Files and Batch APIs' work behind the controllers: uploads, batch creation, cancel, retry, commands. */
package dev.llmpool.gateway.batches;
