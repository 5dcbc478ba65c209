package dev.llmpool.launcher.fuzz;

import dev.llmpool.schemas.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * The rule every answer of the gateway is held to: a 4xx or a 503 (or a status the probe allows) with OpenAI's error
 * body {@code {"error":{"message","type","param","code"}}}; a 2xx only when the request may in fact be valid; never
 * another 5xx, never no answer. Pure.
 */
final class HttpVerdict {

    private static final JsonCodec JSON = new JsonCodec();

    private HttpVerdict() {
    }

    /** Why the answer breaks the rule, or null when it keeps it. */
    static String violation(HttpProbe probe, HttpAnswer answer) {
        int status = answer.status();
        if (status < 0) {
            return "no answer (" + answer.failure() + ")";
        }
        if (status / 100 == 2) {
            return probe.mayBeValid() ? null : "accepted with " + status;
        }
        if (status / 100 != 4 && status != 503 && !probe.alsoAllowed().contains(status)) {
            return "answered " + status + (openAiShape(answer) ? "" : ", not in the OpenAI error shape: "
                    + snippet(answer));
        }
        return openAiShape(answer) ? null : status + " not in the OpenAI error shape: " + snippet(answer);
    }

    /** Whether the body is OpenAI's error object, served as JSON. */
    static boolean openAiShape(HttpAnswer answer) {
        if (!answer.headers().getOrDefault("content-type", "").startsWith("application/json")) {
            return false;
        }
        try {
            JsonNode error = JSON.readTree(answer.body()).get("error");
            return error != null && error.isObject() && error.path("message").isString()
                    && !error.path("message").asString().isBlank() && error.path("type").isString()
                    && error.has("param") && error.has("code");
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String snippet(HttpAnswer answer) {
        String text = new String(answer.body(), 0, Math.min(answer.body().length, 160), StandardCharsets.UTF_8);
        return "'" + text.replaceAll("\\s+", " ") + "' (" + answer.headers().getOrDefault("content-type", "no type")
                + ")";
    }
}
