package dev.llmpool.simulator.openai;

import java.util.concurrent.ThreadLocalRandom;

/** Fresh ids in OpenAI's forms: {@code chatcmpl-} + 29 characters, {@code req_} + 32 hex digits. */
final class OpenAiIds {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEX = "0123456789abcdef";

    private OpenAiIds() {
    }

    static String completionId() {
        return "chatcmpl-" + random(ALPHANUMERIC, 29);
    }

    static String requestId() {
        return "req_" + random(HEX, 32);
    }

    private static String random(String alphabet, int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(chars);
    }
}
