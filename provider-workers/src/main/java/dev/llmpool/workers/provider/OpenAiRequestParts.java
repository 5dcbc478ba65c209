package dev.llmpool.workers.provider;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.translate.DataUrl;
import dev.llmpool.schemas.translate.Untranslatable;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reading the parts of an OpenAI-format request that every translating mapper reads the same way (message text, tool
 * call arguments, stop sequences), and the two errors a translation raises. Pure: no I/O, no logging.
 */
public final class OpenAiRequestParts {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenAiRequestParts() {
    }

    /** An assistant message's text: a string, or text and refusal parts; any other part is unsupported. */
    public static String assistantText(JsonNode content, String provider) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            String type = part.path("type").asString("");
            if (!type.equals("text") && !type.equals("refusal")) {
                throw unsupported(provider, "assistant content parts of type '" + type + "'");
            }
            text.append(part.path(type.equals("text") ? "text" : "refusal").asString(""));
        }
        return text.toString();
    }

    /** The text of a system, developer or tool message: a string or text parts only, joined by newlines. */
    public static String textOnly(JsonNode content, String role, String provider) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asString(""))) {
                throw unsupported(provider, "non-text content in " + role + " messages");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(part.path("text").asString(""));
        }
        return text.toString();
    }

    /** A tool call's arguments as a JSON object ({@code ""} is {@code {}}); anything else is a bad request. */
    public static JsonNode arguments(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode parsed = JSON.readTree(arguments);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw badRequest("tool call arguments must be a JSON object");
    }

    /** {@code stop} as a list (null when absent or empty): a string or an array of strings. */
    public static List<String> stopSequences(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return null;
        }
        if (stop.isString()) {
            return List.of(stop.asString());
        }
        if (!stop.isArray()) {
            throw badRequest("stop must be a string or an array of strings");
        }
        List<String> stops = new ArrayList<>();
        for (JsonNode item : stop) {
            if (!item.isString()) {
                throw badRequest("stop must be a string or an array of strings");
            }
            stops.add(item.asString());
        }
        return stops.isEmpty() ? null : stops;
    }

    /** A {@code data:} URL's parts; one that is not base64 is a bad request. */
    public static DataUrl dataUrl(String url) {
        try {
            return DataUrl.parse(url);
        } catch (Untranslatable e) {
            throw translated(e);
        }
    }

    /** A shared translation's refusal as the attempt's failure (non-retriable, before any call). */
    public static ProviderException translated(Untranslatable refusal) {
        return new ProviderException(new AttemptError(refusal.errorClass(), refusal.getMessage(), null, null,
                refusal.errorClass().code()));
    }

    /** A token count the provider left out counts as zero. */
    public static int count(Integer count) {
        return count == null ? 0 : count;
    }

    /** What {@code provider} (its display name) cannot do: non-retriable {@code UNSUPPORTED}. */
    public static ProviderException unsupported(String provider, String what) {
        return new ProviderException(new AttemptError(ErrorClass.UNSUPPORTED, provider + " does not support " + what,
                null, null, ErrorClass.UNSUPPORTED.code()));
    }

    /** An answer the pool cannot use (the provider misbehaved): {@code TRANSIENT}, tried again. */
    public static ProviderException transientFailure(String message) {
        return new ProviderException(new AttemptError(ErrorClass.TRANSIENT, message, null, null,
                ErrorClass.TRANSIENT.code()));
    }

    /** A request no provider would accept: non-retriable {@code BAD_REQUEST}. */
    public static ProviderException badRequest(String message) {
        return new ProviderException(new AttemptError(ErrorClass.BAD_REQUEST, message, null, null,
                ErrorClass.BAD_REQUEST.code()));
    }
}
