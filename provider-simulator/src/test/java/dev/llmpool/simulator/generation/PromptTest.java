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

    @Test
    void directivesForOneModelAreDroppedForAnotherAndTheTextIsTheSameForBoth() {
        Prompt prompt = Prompt.of(List.of(new PromptMessage("user",
                "[sim:only=gpt-4o-mini] [sim:finish=length] [sim:echo] Say hi")));

        GenerationRequest cheap = new GenerationRequest("gpt-4o-mini", prompt, 1, 0, false, 0, OutputFormat.TEXT, null);
        GenerationRequest strong = new GenerationRequest("gpt-4o", prompt, 1, 0, false, 0, OutputFormat.TEXT, null);

        assertThat(cheap.prompt().directives().echo()).isTrue();
        assertThat(cheap.prompt().directives().finish()).isEqualTo("length");
        assertThat(strong.prompt().directives()).isEqualTo(dev.llmpool.simulator.directive.Directives.NONE);
        assertThat(strong.prompt().lastUserText()).isEqualTo(cheap.prompt().lastUserText()).isEqualTo("Say hi");
    }
}
