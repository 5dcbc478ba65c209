package dev.llmpool.workers.provider.gemini;

import dev.llmpool.workers.provider.gemini.wire.FunctionCall;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI tool-call ids for Gemini function calls, which carry no id of their own (most models) but may carry a
 * {@code thoughtSignature} that Gemini 3 requires back with the call in the next turn. The OpenAI format has no place
 * for it, so it rides in the id the client echoes: {@code <id>__thought__<signature>}, the signature in URL-safe
 * base64 without padding so the id stays within {@code [A-Za-z0-9_-]} (what Anthropic accepts, should the
 * conversation move there). Ids are derived from the response id and positions, so a streamed and a non-streamed
 * answer name their calls alike. Pure.
 */
final class GeminiToolCallIds {

    /** Separates the id from the signature. */
    static final String SEPARATOR = "__thought__";

    /**
     * What Google documents for a call replayed without its signature (a history from another model or client); sent
     * only to models that require signatures (Gemini 3 and later).
     */
    static final String SKIP_VALIDATOR = "skip_thought_signature_validator";

    private static final Pattern MAJOR = Pattern.compile("^(?:models/)?gemini-(\\d+)");

    private GeminiToolCallIds() {
    }

    /** The OpenAI id of call {@code position} of candidate {@code candidate}. */
    static String id(String responseId, int candidate, int position, FunctionCall call, String thoughtSignature) {
        String base = call.id() != null && !call.id().isBlank() ? call.id()
                : "call_" + (responseId == null || responseId.isBlank() ? "" : safe(responseId) + "_") + candidate
                        + "_" + position;
        return thoughtSignature == null || thoughtSignature.isBlank() ? base
                : base + SEPARATOR + toUrlSafe(thoughtSignature);
    }

    /** The signature an OpenAI id carries, in Gemini's standard base64; null when it carries none. */
    static String signature(String toolCallId) {
        int at = toolCallId == null ? -1 : toolCallId.indexOf(SEPARATOR);
        if (at < 0) {
            return null;
        }
        String encoded = toolCallId.substring(at + SEPARATOR.length());
        return encoded.isEmpty() ? null : toStandard(encoded);
    }

    /** Whether {@code model} rejects function calls replayed without a signature (Gemini 3 and later). */
    static boolean requiresSignatures(String model) {
        Matcher matcher = MAJOR.matcher(model == null ? "" : model);
        return matcher.find() && Integer.parseInt(matcher.group(1)) >= 3;
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9_-]", "");
    }

    private static String toUrlSafe(String base64) {
        return base64.replace('+', '-').replace('/', '_').replace("=", "");
    }

    private static String toStandard(String urlSafe) {
        String standard = urlSafe.replace('-', '+').replace('_', '/');
        int pad = (4 - standard.length() % 4) % 4;
        return standard + "=".repeat(pad);
    }
}
