package dev.llmpool.workers.provider.gemini;

import dev.llmpool.workers.provider.errors.ErrorMapping;
import dev.llmpool.workers.provider.errors.GoDuration;
import dev.llmpool.workers.provider.errors.ProviderErrors;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Gemini's error quirks, read from the error's {@code details}: the wait is {@code google.rpc.RetryInfo.retryDelay}
 * ({@code "36s"}, {@code "1.500s"}), and a 400 {@code INVALID_ARGUMENT} whose {@code google.rpc.ErrorInfo.reason} is
 * {@code API_KEY_INVALID} is a rejected key. Gemini sends no wait headers of its own.
 */
final class GeminiErrors implements ProviderErrors {

    /** The error mapping of every {@code gemini} endpoint. */
    static final ErrorMapping MAPPING = new ErrorMapping(new GeminiErrors());

    @Override
    public Long bodyWaitMs(JsonNode error) {
        return firstDetail(error, "google.rpc.RetryInfo", detail -> GoDuration.toMillis(text(detail, "retryDelay")));
    }

    @Override
    public boolean rejectsKey(JsonNode error) {
        return "API_KEY_INVALID".equals(firstDetail(error, "google.rpc.ErrorInfo", detail -> text(detail, "reason")));
    }

    /** The first non-null value {@code read} gives for a detail of type {@code type}, or null. */
    private static <T> T firstDetail(JsonNode error, String type, Function<JsonNode, T> read) {
        JsonNode details = error.get("details");
        if (details == null || !details.isArray()) {
            return null;
        }
        for (JsonNode detail : details) {
            String detailType = text(detail, "@type");
            T value = detailType != null && detailType.endsWith(type) ? read.apply(detail) : null;
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainer() ? null : value.asString();
    }
}
