package dev.llmpool.core.cache;

import dev.llmpool.core.text.CanonicalJson;
import dev.llmpool.core.text.Digests;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
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

    public String key(ChatCompletionRequest body, String catalogModel) {
        ObjectNode tree = (ObjectNode) codec.tree(body.withModel(catalogModel));
        for (String field : IGNORED) {
            tree.remove(field);
        }
        return Digests.sha256Hex(codec.toJson(CanonicalJson.of(tree)));
    }
}
