package dev.llmpool.workers.provider.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorTextTest {

    @Test
    void longMessagesAreCutAndKeyLikeTextMasked() {
        String text = "Incorrect API key provided: sk-proj-abcdefghijklmnop0123456789. " + "x".repeat(1000);
        String cleaned = ErrorText.clean(text);
        assertThat(cleaned).doesNotContain("sk-proj-abcdefghijklmnop0123456789").contains("***").endsWith("…");
        assertThat(cleaned).hasSize(ErrorText.MAX_LENGTH + 1);
    }

    @Test
    void theConfiguredKeyIsMaskedWhereverItAppears() {
        assertThat(ErrorText.clean("  key my-local-secret-key rejected, my-local-secret-key  ", "my-local-secret-key"))
                .isEqualTo("key *** rejected, ***");
    }

    @Test
    void aKeyIsAlsoMaskedAsItStandsEscapedInJsonText() {
        String key = "local\\key\"with-quote";
        assertThat(ErrorText.clean("unreadable: {\"error\":\"bad key local\\\\key\\\"with-quote\"", key))
                .isEqualTo("unreadable: {\"error\":\"bad key ***\"");
    }

    @Test
    void withoutAKeyOnlyKeyLikeTextIsMasked() {
        assertThat(ErrorText.clean("plain message", null)).isEqualTo("plain message");
        assertThat(ErrorText.clean("plain message", " ")).isEqualTo("plain message");
        assertThat(ErrorText.clean(null, "key")).isNull();
    }
}
