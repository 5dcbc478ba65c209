package dev.llmpool.workers.provider.gemini;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import dev.llmpool.workers.provider.OpenAiRequestParts;
import dev.llmpool.workers.provider.gemini.wire.BatchEmbedContentsRequest;
import dev.llmpool.workers.provider.gemini.wire.BatchEmbedContentsResponse;
import dev.llmpool.workers.provider.gemini.wire.Content;
import dev.llmpool.workers.provider.gemini.wire.ContentEmbedding;
import dev.llmpool.workers.provider.gemini.wire.EmbedContentRequest;
import dev.llmpool.workers.provider.gemini.wire.EmbedContentResponse;
import dev.llmpool.workers.provider.gemini.wire.Part;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure conversions between the pool's OpenAI-shaped embeddings and Gemini's: one text is an {@code :embedContent}
 * request, several a {@code :batchEmbedContents} one (each naming {@code models/<upstream>}), {@code dimensions}
 * becomes {@code outputDimensionality}. Token arrays have no Gemini form and are refused as {@code UNSUPPORTED}.
 * Gemini reports no token counts for embeddings, so usage is estimated: a token per four characters, at least one
 * per text. No I/O, no logging.
 */
public final class GeminiEmbeddingsMapper {

    private static final String PROVIDER = "Gemini";

    private GeminiEmbeddingsMapper() {
    }

    /** The single request of an attempt with one text, or null when it has several (then {@link #toBatch}). */
    public static EmbedContentRequest toSingle(AttemptRequest request) {
        List<String> texts = texts(request.embeddings());
        return texts.size() == 1 ? embed(null, texts.getFirst(), request.embeddings().dimensions()) : null;
    }

    /** The batch request of an attempt: one request per text, in order. */
    public static BatchEmbedContentsRequest toBatch(AttemptRequest request) {
        String model = "models/" + request.upstreamModel();
        List<EmbedContentRequest> requests = new ArrayList<>();
        for (String text : texts(request.embeddings())) {
            requests.add(embed(model, text, request.embeddings().dimensions()));
        }
        return new BatchEmbedContentsRequest(requests);
    }

    /** The answer of a single request in OpenAI's shape. */
    public static EmbeddingsResponse fromSingle(EmbedContentResponse answer, AttemptRequest request) {
        return response(answer.embedding() == null ? List.of() : List.of(answer.embedding()), request);
    }

    /** The answer of a batch request in OpenAI's shape. */
    public static EmbeddingsResponse fromBatch(BatchEmbedContentsResponse answer, AttemptRequest request) {
        return response(answer.embeddings() == null ? List.of() : answer.embeddings(), request);
    }

    private static EmbeddingsResponse response(List<ContentEmbedding> vectors, AttemptRequest request) {
        List<String> texts = texts(request.embeddings());
        if (vectors.size() != texts.size()) {
            throw OpenAiRequestParts.transientFailure(PROVIDER + " answered " + vectors.size() + " embeddings for "
                    + texts.size() + " texts");
        }
        List<EmbeddingsResponse.Embedding> data = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            List<Float> values = vectors.get(i).values();
            data.add(EmbeddingsResponse.Embedding.of(i, values == null ? List.of() : values));
        }
        int tokens = 0;
        for (String text : texts) {
            tokens += Math.max(1, (text.length() + 3) / 4);
        }
        return EmbeddingsResponse.of(data, request.upstreamModel(), EmbeddingsResponse.EmbeddingsUsage.of(tokens));
    }

    private static List<String> texts(EmbeddingsRequest request) {
        if (request.tokenInput()) {
            throw OpenAiRequestParts.unsupported(PROVIDER, "token arrays as embeddings input (send text)");
        }
        return request.texts();
    }

    private static EmbedContentRequest embed(String model, String text, Integer dimensions) {
        return new EmbedContentRequest(model, new Content(null, List.of(Part.text(text))), dimensions);
    }
}
