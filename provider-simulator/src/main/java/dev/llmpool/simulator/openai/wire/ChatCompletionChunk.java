package dev.llmpool.simulator.openai.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * One streamed chunk, {@code object: "chat.completion.chunk"}. {@code usage} has three states on the wire:
 * absent ({@code null} here: the client did not ask for usage), {@code "usage":null} ({@link Optional#empty()}:
 * asked, not this chunk) and a value (the usage chunk).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        @JsonProperty("service_tier") String serviceTier,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        List<ChunkChoice> choices,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Usage> usage) {
}
