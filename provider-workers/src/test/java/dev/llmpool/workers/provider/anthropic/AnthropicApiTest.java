package dev.llmpool.workers.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicApiTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "https://api.anthropic.com, https://api.anthropic.com/v1/messages",
        "https://api.anthropic.com/, https://api.anthropic.com/v1/messages",
        "https://api.anthropic.com/v1, https://api.anthropic.com/v1/messages",
        "http://127.0.0.1:8090, http://127.0.0.1:8090/v1/messages"})
    void theMessagesUriFollowsTheBaseUrl(String base, String expected) {
        assertThat(AnthropicApi.messagesUri(URI.create(base))).isEqualTo(URI.create(expected));
    }
}
