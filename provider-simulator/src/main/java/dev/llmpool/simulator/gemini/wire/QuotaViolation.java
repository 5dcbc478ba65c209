package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/** One exceeded quota: the metric, its id, the dimensions (location, model) and the limit as a string. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QuotaViolation(String quotaMetric, String quotaId, Map<String, String> quotaDimensions,
        String quotaValue) {
}
