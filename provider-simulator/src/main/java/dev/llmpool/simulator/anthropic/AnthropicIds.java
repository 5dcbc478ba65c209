package dev.llmpool.simulator.anthropic;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Fresh ids in Anthropic's forms: {@code msg_01} + 22 base-62 characters, {@code req_011C} + 20, and tool-use ids
 * {@code toolu_01} + 22 derived from the generator's deterministic call id.
 */
final class AnthropicIds {

    private static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int MESSAGE_ID_LENGTH = 22;
    private static final int REQUEST_ID_LENGTH = 20;
    private static final String CALL_PREFIX = "call_";

    private AnthropicIds() {
    }

    static String messageId() {
        return "msg_01" + random(MESSAGE_ID_LENGTH);
    }

    static String requestId() {
        return "req_011C" + random(REQUEST_ID_LENGTH);
    }

    /** {@code toolu_01...} from the generator's {@code call_...} id, so the same request gets the same id. */
    static String toolUseId(String callId) {
        String tail = callId.startsWith(CALL_PREFIX) ? callId.substring(CALL_PREFIX.length()) : callId;
        return "toolu_01" + tail.substring(0, Math.min(MESSAGE_ID_LENGTH, tail.length()));
    }

    private static String random(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = BASE62.charAt(random.nextInt(BASE62.length()));
        }
        return new String(chars);
    }
}
