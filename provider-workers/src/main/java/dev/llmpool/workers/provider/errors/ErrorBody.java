package dev.llmpool.workers.provider.errors;

import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields of a provider's error body, read tolerantly from the envelope all three share: OpenAI
 * {@code {"error":{message,type,param,code}}}, Anthropic {@code {"type":"error","error":{type,message}}}, Gemini
 * {@code {"error":{code,message,status,details}}}, a bare string, the flat object of some OpenAI-compatible servers,
 * or no JSON at all; the provider's {@link ProviderErrors} reads what its body adds. The error names and phrases that
 * pick a class are read here for every provider: OpenAI-compatible proxies relay other providers' errors.
 */
record ErrorBody(String message, String type, String code, Integer numericCode, Long retryDelayMs,
                 boolean keyRejected) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final ErrorBody NONE = new ErrorBody(null, null, null, null, null, false);

    private static final Set<String> CONTENT_POLICY_CODES = Set.of("content_policy_violation", "content_filter",
            "moderation_blocked", "content_policy", "safety");

    static ErrorBody parse(String body, ProviderErrors quirks) {
        if (body == null || body.isBlank()) {
            return NONE;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return NONE;
        }
        if (root == null || !root.isObject()) {
            return NONE;
        }
        JsonNode error = root.get("error");
        if (error != null && error.isString()) {
            return new ErrorBody(error.asString(), text(root.get("type")), text(root.get("code")), null, null, false);
        }
        JsonNode node = error != null && error.isObject() ? error : root;
        String type = text(node.get("type"));
        if (type == null) {
            type = text(node.get("status"));
        }
        JsonNode codeNode = node.get("code");
        Integer numeric = codeNode != null && codeNode.isIntegralNumber() ? codeNode.intValue() : null;
        String code = numeric != null ? text(node.get("status")) : text(codeNode);
        return new ErrorBody(text(node.get("message")), type, code, numeric, quirks.bodyWaitMs(node),
                quirks.rejectsKey(node));
    }

    /** A field's text, or null when it is missing, null or not a scalar. */
    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainer() ? null : node.asString();
    }

    /** The provider's own name for the error: its code, else its type. */
    String providerCode() {
        return code != null ? code : type;
    }

    boolean isQuota() {
        if ("insufficient_quota".equals(code) || "insufficient_quota".equals(type) || "billing_error".equals(type)) {
            return true;
        }
        return lowerMessage().contains("credit balance is too low");
    }

    boolean isContextLength() {
        if ("context_length_exceeded".equals(code) || "context_length_exceeded".equals(type)) {
            return true;
        }
        String text = lowerMessage();
        return text.contains("maximum context length") || text.contains("context length")
                || text.contains("context window") || text.contains("prompt is too long")
                || text.contains("exceeds the maximum number of tokens");
    }

    boolean isContentPolicy() {
        if ((code != null && CONTENT_POLICY_CODES.contains(code))
                || (type != null && CONTENT_POLICY_CODES.contains(type))) {
            return true;
        }
        String text = lowerMessage();
        return text.contains("content policy") || text.contains("content management policy")
                || text.contains("safety system");
    }

    /**
     * The HTTP status an error inside a 200 answer stands for (it has none of its own): a numeric code of 400 or
     * more, else the one its type or code names; 500 when they name none.
     */
    int namedStatus() {
        if (numericCode != null && numericCode >= 400) {
            return numericCode;
        }
        String kind = (type == null ? "" : type.toLowerCase(Locale.ROOT)) + " "
                + (code == null ? "" : code.toLowerCase(Locale.ROOT));
        if (kind.contains("insufficient_quota")) {
            return 429;
        }
        if (kind.contains("billing")) {
            return 402;
        }
        if (kind.contains("request_too_large")) {
            return 413;
        }
        if (kind.contains("rate_limit") || kind.contains("resource_exhausted")) {
            return 429;
        }
        if (kind.contains("invalid_request") || kind.contains("invalid_argument")) {
            return 400;
        }
        if (kind.contains("authentication") || kind.contains("permission")) {
            return 401;
        }
        if (kind.contains("not_found")) {
            return 404;
        }
        if (kind.contains("overloaded")) {
            return 529;
        }
        return kind.contains("unavailable") ? 503 : 500;
    }

    private String lowerMessage() {
        return message == null ? "" : message.toLowerCase(Locale.ROOT);
    }
}
