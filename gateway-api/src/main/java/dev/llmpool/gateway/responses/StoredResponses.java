package dev.llmpool.gateway.responses;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Responses kept in Redis for {@code GET /v1/responses/{id}} and {@code previous_response_id}: one key per response
 * ({@link RedisKeys#response}) holding the response and the conversation it ended (chat messages, its instructions
 * left out, as OpenAI carries none over), expiring after {@code ttl}. A response asked with {@code store: false} is
 * never written.
 */
public class StoredResponses {

    /**
     * A stored response.
     *
     * @param conversation the chat messages up to and including this response's answer
     * @param tenant       the tenant whose key created it (null on an open pool): only its keys may read or chain it
     */
    public record Stored(JsonNode response, ArrayNode conversation, String tenant) {
    }

    private final StatefulRedisConnection<String, String> redis;
    private final JsonCodec codec;
    private final Duration ttl;

    public StoredResponses(StatefulRedisConnection<String, String> redis, JsonCodec codec, Duration ttl) {
        this.redis = redis;
        this.codec = codec;
        this.ttl = ttl;
    }

    public void store(ResponseObject response, ArrayNode conversation, String tenant) {
        ObjectNode stored = codec.mapper().createObjectNode();
        stored.set("response", codec.tree(response));
        stored.set("conversation", conversation);
        stored.put("tenant", tenant);
        redis.sync().set(RedisKeys.response(response.id()), codec.toJson(stored), SetArgs.Builder.px(ttl.toMillis()));
    }

    public Optional<Stored> find(String id) {
        String json = redis.sync().get(RedisKeys.response(id));
        if (json == null) {
            return Optional.empty();
        }
        JsonNode stored = codec.readTree(json);
        JsonNode conversation = stored.get("conversation");
        JsonNode tenant = stored.get("tenant");
        return Optional.of(new Stored(stored.get("response"), conversation instanceof ArrayNode array ? array
                : codec.mapper().createArrayNode(), tenant == null || tenant.isNull() ? null : tenant.asString()));
    }
}
