package dev.llmpool.router.machine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where a job's request record sat in Kafka: named by the job's dead letter as its original coordinates.
 *
 * @param topic     the topic the request was consumed from
 * @param partition its partition
 * @param offset    its offset
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordOrigin(String topic, int partition, long offset) {
}
