package dev.llmpool.router.policy.features;

import static dev.llmpool.router.policy.PolicyFixtures.TOKENS;
import static dev.llmpool.router.policy.PolicyFixtures.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.api.EncodingType;
import dev.llmpool.core.tokens.TokenCounter;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    @Test
    void theModelFamilyChoosesTheEncoding() {
        assertThat(TokenCounter.encodingFor("gpt-4o-mini")).isEqualTo(EncodingType.O200K_BASE);
        assertThat(TokenCounter.encodingFor("gpt-4.1-nano")).isEqualTo(EncodingType.O200K_BASE);
        assertThat(TokenCounter.encodingFor("o3-mini")).isEqualTo(EncodingType.O200K_BASE);
        assertThat(TokenCounter.encodingFor("openai/gpt-5")).isEqualTo(EncodingType.O200K_BASE);
        assertThat(TokenCounter.encodingFor("gpt-4")).isEqualTo(EncodingType.CL100K_BASE);
        assertThat(TokenCounter.encodingFor("gpt-3.5-turbo")).isEqualTo(EncodingType.CL100K_BASE);
        assertThat(TokenCounter.encodingFor("claude-sonnet-4")).isEqualTo(EncodingType.CL100K_BASE);
        assertThat(TokenCounter.encodingFor("llama3.1:8b")).isEqualTo(EncodingType.CL100K_BASE);
        assertThat(TokenCounter.encodingFor(null)).isEqualTo(EncodingType.O200K_BASE);
    }

    @Test
    void countsTextWithTheModelsEncoding() {
        assertThat(TOKENS.count("hello world", "gpt-4o")).isEqualTo(2);
        assertThat(TOKENS.count("hello world", "gpt-4")).isEqualTo(2);
        assertThat(TOKENS.count("", "gpt-4o")).isZero();
        assertThat(TOKENS.count(null, "gpt-4o")).isZero();
    }

    @Test
    void aChatPromptCountsMessagesWithTheirOverheadAndTools() {
        var plain = body("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello world\"}]}");
        // 3 reply priming + 3 per message + "user" (1) + "hello world" (2)
        assertThat(TOKENS.countPrompt(plain, "gpt-4o")).isEqualTo(9);
        var twoMessages = body("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"hello world\"}]}");
        assertThat(TOKENS.countPrompt(twoMessages, "gpt-4o"))
                .isEqualTo(9 + 3 + TOKENS.count("system", "gpt-4o") + TOKENS.count("Be brief.", "gpt-4o"));
        var withTools = body("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello world\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]}");
        assertThat(TOKENS.countPrompt(withTools, "gpt-4o")).isGreaterThan(9 + 5);
        assertThat(TOKENS.countPrompt(null, "gpt-4o")).isZero();
    }
}
