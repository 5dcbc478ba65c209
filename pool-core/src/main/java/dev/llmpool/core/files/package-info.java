/** Durable files every process of the pool can read: the data folder of the embedded pool, or an S3-compatible store. */
package dev.llmpool.core.files;
