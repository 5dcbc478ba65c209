/** Job submission (record, event stream, Kafka), correlation ids, deadlines and waiting for a job's end. */
package dev.llmpool.gateway.jobs;
