package dev.llmpool.core.cache;

import dev.llmpool.core.text.CanonicalJson;
import dev.llmpool.core.text.Digests;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cache key of a request: SHA-256 of its canonical JSON (object keys sorted, the model replaced by the
 * catalog model it resolved to, and the fields that do not change the answer removed: {@code stream},
 * {@code stream_options}, {@code user}). Pure.
 */
public final class CacheKeys {

    private static final String[] IGNORED = {"stream", "stream_options", "user"};

    private final JsonCodec codec;

    public CacheKeys(JsonCodec codec) {
        this.codec = codec;
    }

    /** The key of a job's answer: its chat body's, or its embeddings request's. */
    public String key(JobRequest request, String catalogModel) {
        return request.embeds() ? key(request.embeddings(), catalogModel) : key(request.body(), catalogModel);
    }

    /**
     * The key of an embeddings request: its canonical JSON with the catalog model, without {@code user} and
     * {@code encoding_format} (the pool keeps floats and encodes at the door), under an {@code embeddings} field so
     * it can never equal a chat request's.
     */
    public String key(EmbeddingsRequest request, String catalogModel) {
        ObjectNode tree = (ObjectNode) codec.tree(request.withModel(catalogModel).asFloats());
        tree.remove("user");
        ObjectNode keyed = codec.mapper().createObjectNode();
        keyed.set("embeddings", tree);
        return Digests.sha256Hex(codec.toJson(CanonicalJson.of(keyed)));
    }

    public String key(ChatCompletionRequest body, String catalogModel) {
        ObjectNode tree = (ObjectNode) codec.tree(body.withModel(catalogModel));
        for (String field : IGNORED) {
            tree.remove(field);
        }
        return Digests.sha256Hex(codec.toJson(CanonicalJson.of(tree)));
    }
}
