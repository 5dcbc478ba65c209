package dev.llmpool.core.tenancy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One attempt's usage and cost on {@code llm.usage} (key: the tenant; signed like every internal record). An
 * attempt is written once per metering of its job, so a consumer that must not count twice keys on
 * {@code attempt_id}.
 *
 * @param tenant    the job's tenant, {@code -} for none
 * @param keyId     the API key that submitted the job, or null
 * @param costUsd   the catalog's price of the usage, US dollars
 * @param at        when the job ended
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UsageRecord(int schemaVersion, String correlationId, String attemptId, String tenant, String keyId,
                          String provider, String model, long promptTokens, long completionTokens, double costUsd,
                          boolean succeeded, String batchId, Instant at) {

    public static final int VERSION = 1;

    public static UsageRecordBuilder builder() {
        return UsageRecordBuilder.builder().schemaVersion(VERSION);
    }
}
