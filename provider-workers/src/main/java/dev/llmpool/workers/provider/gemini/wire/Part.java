package dev.llmpool.workers.provider.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One part of a turn: text (a thought summary when {@code thought}), inline data, a function call or a
 * function response. {@code thoughtSignature} carries the model's encrypted reasoning state, to be sent back
 * unchanged with the part it came on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Part(
        String text,
        Boolean thought,
        String thoughtSignature,
        Blob inlineData,
        FunctionCall functionCall,
        FunctionResponse functionResponse) {

    public static Part text(String text) {
        return new Part(text, null, null, null, null, null);
    }

    public static Part inline(Blob data) {
        return new Part(null, null, null, data, null, null);
    }

    public static Part call(FunctionCall call, String thoughtSignature) {
        return new Part(null, null, thoughtSignature, null, call, null);
    }

    public static Part response(FunctionResponse response) {
        return new Part(null, null, null, null, null, response);
    }
}
