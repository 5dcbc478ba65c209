package dev.llmpool.simulator.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTest {

    @Test
    void directivesComeFromTheLastUserMessageOnly() {
        Prompt prompt = Prompt.of(List.of(
                new PromptMessage("user", "first [sim:status=500]"),
                new PromptMessage("assistant", "ok"),
                new PromptMessage("user", "second [sim:tokens=4]"),
                new PromptMessage("assistant", "trailing assistant turn")));

        assertThat(prompt.directives().hasStatus()).isFalse();
        assertThat(prompt.directives().tokens()).isEqualTo(4);
        assertThat(prompt.lastUserText()).isEqualTo("second");
    }

    @Test
    void directivesAreStrippedFromEveryMessage() {
        Prompt prompt = Prompt.of(List.of(
                new PromptMessage("user", "first [sim:status=500]"),
                new PromptMessage("user", "second [sim:echo]")));

        assertThat(prompt.messages()).extracting(PromptMessage::text).containsExactly("first", "second");
    }

    @Test
    void noUserMessageMeansNoDirectives() {
        Prompt prompt = Prompt.of(List.of(new PromptMessage("system", "[sim:status=500] rules")));

        assertThat(prompt.directives().hasStatus()).isFalse();
        assertThat(prompt.lastUserText()).isEmpty();
    }
}
