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
 * {@code stream_options}, {@code user}), with the tenant's name added unless the cache is shared. Pure.
 */
public final class CacheKeys {

    private static final String[] IGNORED = {"stream", "stream_options", "user"};

    private final JsonCodec codec;
    private final boolean sharedAcrossTenants;

    /** A cache of each tenant's own answers. */
    public CacheKeys(JsonCodec codec) {
        this(codec, false);
    }

    /** @param sharedAcrossTenants one key for the same request of any tenant ({@code llmpool.cache.shared-across-tenants}) */
    public CacheKeys(JsonCodec codec, boolean sharedAcrossTenants) {
        this.codec = codec;
        this.sharedAcrossTenants = sharedAcrossTenants;
    }

    /** The key of a job's answer: its chat body's, or its embeddings request's, for the job's tenant. */
    public String key(JobRequest request, String catalogModel) {
        return request.embeds() ? key(request.embeddings(), catalogModel, request.tenant())
                : key(request.body(), catalogModel, request.tenant());
    }

    /** The key of an embeddings request of no tenant. */
    public String key(EmbeddingsRequest request, String catalogModel) {
        return key(request, catalogModel, null);
    }

    /**
     * The key of an embeddings request: its canonical JSON with the catalog model, without {@code user} and
     * {@code encoding_format} (the pool keeps floats and encodes at the door), under an {@code embeddings} field so
     * it can never equal a chat request's; with the tenant unless the cache is shared across tenants.
     */
    public String key(EmbeddingsRequest request, String catalogModel, String tenant) {
        ObjectNode tree = (ObjectNode) codec.tree(request.withModel(catalogModel).asFloats());
        tree.remove("user");
        ObjectNode keyed = codec.mapper().createObjectNode();
        keyed.set("embeddings", tree);
        return scoped(codec.toJson(CanonicalJson.of(keyed)), tenant);
    }

    /** The key of a chat body of no tenant. */
    public String key(ChatCompletionRequest body, String catalogModel) {
        return key(body, catalogModel, null);
    }

    /**
     * The key of {@code body} answered by {@code catalogModel} for {@code tenant} (null: no tenant). Unless the cache is
     * shared across tenants, the tenant is part of what is hashed, so one tenant's answer is never another's.
     */
    public String key(ChatCompletionRequest body, String catalogModel, String tenant) {
        ObjectNode tree = (ObjectNode) codec.tree(body.withModel(catalogModel));
        for (String field : IGNORED) {
            tree.remove(field);
        }
        return scoped(codec.toJson(CanonicalJson.of(tree)), tenant);
    }

    /** The hash of a canonical request, the tenant's own unless shared. */
    private String scoped(String canonical, String tenant) {
        // a canonical body starts with '{': no body can hash like a tenant's
        return Digests.sha256Hex(tenant == null || sharedAcrossTenants ? canonical
                : "tenant " + tenant + "\n" + canonical);
    }
}
