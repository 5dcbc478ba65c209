package dev.llmpool.workers.provider.openai;

import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.StreamAssembler;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the chunks of one OpenAI stream, yields each chunk's {@link OpenAiMapper#deltaParts} as it arrives, and
 * {@link OpenAiMapper#assemble}s the whole completion from them. One assembler per stream, not thread-safe.
 */
final class OpenAiStreamAssembler implements StreamAssembler<ChatCompletionChunk, ChatCompletion> {

    private final List<ChatCompletionChunk> chunks = new ArrayList<>();

    @Override
    public List<DeltaPart> accept(ChatCompletionChunk chunk) {
        chunks.add(chunk);
        return OpenAiMapper.deltaParts(chunk);
    }

    @Override
    public ChatCompletion result() {
        return OpenAiMapper.assemble(chunks);
    }
}
