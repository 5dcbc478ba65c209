package dev.llmpool.simulator.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates completions as a pure function of (model, messages, seed): the conversation is hashed into a seed
 * for a {@link SplittableRandom} per choice, which draws words from a fixed vocabulary. The same request always
 * gets the same text, a different prompt different text, choice 0 of {@code n} the text of {@code n = 1}, and a
 * capped answer is a prefix of the uncapped one. Thread-safe and allocation-light: no shared mutable state.
 */
public final class DeterministicGenerator {

    private static final long LOGPROB_SALT = 0x4c4f4750524f4253L;
    private static final long TOOL_SALT = 0x544f4f4c43414c4cL;
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int TOOL_ID_LENGTH = 24;

    private final JsonContentGenerator json;
    private final JsonMapper mapper;

    public DeterministicGenerator(JsonMapper mapper) {
        this.mapper = mapper;
        this.json = new JsonContentGenerator(mapper);
    }

    /**
     * Generates every choice of {@code request}.
     *
     * @param defaultTokens completion length when neither a directive nor the cap sets it
     * @param seed          the settings' seed
     */
    public Generation generate(GenerationRequest request, int defaultTokens, long seed) {
        Prompt prompt = request.prompt();
        long base = Seeds.of(request.model(), prompt.messages(), seed);
        List<Completion> completions = new ArrayList<>(request.choices());
        for (int index = 0; index < request.choices(); index++) {
            completions.add(choice(request, index, index == 0 ? base : Seeds.derive(base, index), defaultTokens));
        }
        return new Generation(completions, PromptTokens.estimate(prompt.messages()));
    }

    private Completion choice(GenerationRequest request, int index, long seed, int defaultTokens) {
        var directives = request.prompt().directives();
        String tool = request.effectiveTool();
        if (tool != null) {
            return toolCall(index, tool, seed);
        }
        if (directives.refuse()) {
            return new Completion(index, OutputKind.REFUSAL, TextPieces.split(Vocabulary.REFUSAL), FinishReason.STOP,
                    null, null);
        }
        int target = directives.hasTokens() ? directives.tokens() : defaultTokens;
        int cap = request.maxTokens() > 0 ? request.maxTokens() : Integer.MAX_VALUE;
        List<String> pieces = content(request, new SplittableRandom(seed), target, cap);
        FinishReason finish = FinishReason.STOP;
        if (pieces.size() > cap) {
            pieces = pieces.subList(0, cap);
            finish = FinishReason.LENGTH;
        } else if (!directives.echo() && !request.format().isJson() && target > cap) {
            finish = FinishReason.LENGTH;
        }
        String stopSequence = null;
        StopSequences.Cut cut = StopSequences.find(pieces, request.stopSequences());
        if (cut != null) {
            pieces = cut.pieces();
            finish = FinishReason.STOP_SEQUENCE;
            stopSequence = cut.sequence();
        }
        if (directives.finish() != null) {
            finish = FinishReason.fromDirective(directives.finish());
            stopSequence = null;
        }
        List<TokenLogprob> logprobs = request.logprobs()
                ? LogprobGenerator.generate(pieces, request.topLogprobs(), seed ^ LOGPROB_SALT)
                : null;
        return new Completion(index, OutputKind.CONTENT, pieces, finish, null, logprobs, stopSequence);
    }

    private List<String> content(GenerationRequest request, SplittableRandom random, int target, int cap) {
        if (request.prompt().directives().echo()) {
            return TextPieces.split(request.prompt().lastUserText());
        }
        if (request.format().isJson()) {
            return TextPieces.split(json.generate(request.format().schema(), random, target));
        }
        return Words.tokens(random, Math.min(target, cap), target <= cap);
    }

    private Completion toolCall(int index, String name, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ TOOL_SALT);
        StringBuilder id = new StringBuilder("call_");
        for (int i = 0; i < TOOL_ID_LENGTH; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        String city = Vocabulary.CITIES.get(random.nextInt(Vocabulary.CITIES.size()));
        String arguments = mapper.createObjectNode().put("city", city).toString();
        return new Completion(index, OutputKind.TOOL_CALL, TextPieces.split(arguments), FinishReason.TOOL_CALLS,
                new ToolCall(id.toString(), name), null);
    }
}
