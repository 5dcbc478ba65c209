package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A document for the summarization service on {@code llm.summarize.requests} (key = id), schema
 * {@code summarize-request.v1.json}. Any producer may publish one.
 *
 * @param id       names the result, and is the request's idempotency key
 * @param title    what the prompts call the document, or null (the id)
 * @param text     the document's text; or null with a {@code fileId}
 * @param fileId   a file of the Files API holding the document; or null with a {@code text}
 * @param options  the pipeline's options, or null for the defaults
 * @param tenant   carried by every job of the pipeline, or null
 * @param metadata returned with the result
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SummarizeRequest(int schemaVersion, String id, String title, String text, String fileId,
                               SummarizeOptions options, String tenant,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata)
        implements SummarizeRequestBuilder.With {

    public static final int VERSION = 1;

    public SummarizeRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A builder of a version-{@value #VERSION} request. */
    public static SummarizeRequestBuilder builder() {
        return SummarizeRequestBuilder.builder().schemaVersion(VERSION);
    }

    /** The options, absent ones as null. */
    public SummarizeOptions optionsOrDefaults() {
        return options == null ? SummarizeOptions.DEFAULTS : options;
    }
}
