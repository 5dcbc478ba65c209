package dev.llmpool.core.cache;

import dev.llmpool.core.text.CanonicalJson;
import dev.llmpool.core.text.Digests;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
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

    /**
     * The key of {@code body} answered by {@code catalogModel} for {@code tenant} (null: no tenant). Unless the cache is
     * shared across tenants, the tenant is part of what is hashed, so one tenant's answer is never another's.
     */
    public String key(ChatCompletionRequest body, String catalogModel, String tenant) {
        ObjectNode tree = (ObjectNode) codec.tree(body.withModel(catalogModel));
        for (String field : IGNORED) {
            tree.remove(field);
        }
        String canonical = codec.toJson(CanonicalJson.of(tree));
        // a canonical body starts with '{': no body can hash like a tenant's
        return Digests.sha256Hex(tenant == null || sharedAcrossTenants ? canonical
                : "tenant " + tenant + "\n" + canonical);
    }
}
