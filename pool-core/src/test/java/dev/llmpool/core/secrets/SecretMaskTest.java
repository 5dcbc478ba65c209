package dev.llmpool.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskTest {

    private static final int CUT = 100;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sk-proj-abcdefghijklmnopqrstuvwxyz0123456789", "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv",
        "gsk_0123456789abcdefghijklmnopqrstuv"})
    void aKeyThatTheCutGoesThroughLeavesNothingOfItBehind(String key) {
        for (int head = 1; head < key.length(); head++) {
            String text = "x".repeat(CUT - head - 1) + " " + key + " end";
            String cleaned = SecretMask.maskAndCut(text, CUT);
            assertThat(cleaned).as("cut %d characters into the key", head).hasSizeLessThanOrEqualTo(CUT + 1);
            for (int start = 0; start + 8 <= key.length(); start++) {
                assertThat(cleaned).doesNotContain(key.substring(start, start + 8));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"short text", ""})
    void shortTextIsKeptWhole(String text) {
        assertThat(SecretMask.maskAndCut(text, CUT)).isEqualTo(text);
    }
}
