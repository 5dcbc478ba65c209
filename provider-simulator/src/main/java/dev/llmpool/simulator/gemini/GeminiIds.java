package dev.llmpool.simulator.gemini;

import java.util.concurrent.ThreadLocalRandom;

/** Fresh response ids in Google's form: 23 base64url characters, the same in every chunk of a stream. */
final class GeminiIds {

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final int RESPONSE_ID_LENGTH = 23;

    private GeminiIds() {
    }

    static String responseId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[RESPONSE_ID_LENGTH];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = BASE64URL.charAt(random.nextInt(BASE64URL.length()));
        }
        return new String(chars);
    }
}
