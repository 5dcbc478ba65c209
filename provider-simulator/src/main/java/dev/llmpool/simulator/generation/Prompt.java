package dev.llmpool.simulator.generation;

import dev.llmpool.simulator.directive.DirectiveParser;
import dev.llmpool.simulator.directive.Directives;
import dev.llmpool.simulator.directive.ParsedPrompt;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation with directives taken out: they steer the simulator and are invisible to generation, hashing
 * and token counts.
 *
 * @param messages     the messages, directives removed from their text
 * @param lastUserText the text of the last {@code user} message without directives ("" when there is none)
 * @param directives   directives of the last {@code user} message
 */
public record Prompt(List<PromptMessage> messages, String lastUserText, Directives directives) {

    public Prompt {
        messages = List.copyOf(messages);
    }

    /** This prompt as a request for {@code model} sees it (directives meant for another model dropped). */
    public Prompt forModel(String model) {
        Directives seen = directives.forModel(model);
        return seen == directives ? this : new Prompt(messages, lastUserText, seen);
    }

    /**
     * Parses directives from the last user message and strips directives from every message.
     *
     * @throws dev.llmpool.simulator.directive.InvalidDirectiveException when the last user message holds a bad one
     */
    public static Prompt of(List<PromptMessage> raw) {
        int lastUser = -1;
        for (int i = raw.size() - 1; i >= 0; i--) {
            if ("user".equals(raw.get(i).role())) {
                lastUser = i;
                break;
            }
        }
        List<PromptMessage> stripped = new ArrayList<>(raw.size());
        String lastUserText = "";
        Directives directives = Directives.NONE;
        for (int i = 0; i < raw.size(); i++) {
            PromptMessage message = raw.get(i);
            if (i == lastUser) {
                ParsedPrompt parsed = DirectiveParser.parse(message.text());
                lastUserText = parsed.text();
                directives = parsed.directives();
                stripped.add(new PromptMessage(message.role(), parsed.text()));
            } else {
                stripped.add(new PromptMessage(message.role(), DirectiveParser.strip(message.text())));
            }
        }
        return new Prompt(stripped, lastUserText, directives);
    }
}
