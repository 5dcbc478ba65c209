package dev.llmpool.router.policy.scoring;

import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import java.util.List;

/**
 * Builds the yes/no question a judge tier is asked about an answer: the conversation and the candidate answer,
 * temperature 0, one output token, with logprobs so {@link JudgeVerdict} can read p(yes).
 */
public final class JudgePrompt {

    static final String SYSTEM = "You are a strict grader. You are shown a conversation and a candidate answer to its "
            + "last message. Reply with exactly one word: yes if the answer is correct, complete and follows the "
            + "instructions, no otherwise.";
    static final String QUESTION = "Is the candidate answer correct and complete? Reply yes or no.";

    private JudgePrompt() {
    }

    /**
     * @param original the request that was answered
     * @param answer   the candidate answer's text
     * @param model    the judge's model name as its provider knows it
     */
    public static ChatCompletionRequest build(ChatCompletionRequest original, String answer, String model) {
        StringBuilder conversation = new StringBuilder();
        if (original != null && original.messages() != null) {
            for (ChatMessage m : original.messages()) {
                conversation.append(m.role()).append(": ").append(m.text()).append('\n');
            }
        }
        String user = "<conversation>\n" + conversation + "</conversation>\n<candidate_answer>\n"
                + (answer == null ? "" : answer) + "\n</candidate_answer>\n" + QUESTION;
        return ChatCompletionRequest.builder().model(model)
                .messages(List.of(ChatMessage.of("system", SYSTEM), ChatMessage.of("user", user))).temperature(0.0)
                .n(1).stream(false).maxTokens(1).logprobs(true).topLogprobs(5).build();
    }
}
