package dev.llmpool.gateway.api;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.RouteAliases;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Checks an OpenAI Embeddings body the way OpenAI does, with OpenAI's wording: {@code model} an embedding model of the
 * catalog (a chat model or a route is a 400, an unknown name a 404), {@code input} a non-empty string, an array of at
 * most 2048 non-empty strings, or token arrays, each within the model's input window; {@code dimensions} from 1 to
 * the model's; {@code encoding_format} {@code float} or {@code base64}; nothing else. Pure.
 */
public final class EmbeddingsRequestValidator {

    /** The most inputs in one request, as OpenAI allows. */
    static final int MAX_INPUTS = 2048;
    private static final Set<String> FIELDS = Set.of("model", "input", "dimensions", "encoding_format", "user");

    /** A body that passed: the request and the embedding model it names. */
    public record ValidEmbeddings(EmbeddingsRequest request, CatalogModel model) {

        public boolean base64() {
            return "base64".equals(request.encodingFormat());
        }
    }

    private final JsonCodec codec;
    private final ModelCatalog catalog;
    private final Supplier<RouteAliases> routes;
    private final TokenCounter tokens;

    public EmbeddingsRequestValidator(JsonCodec codec, ModelCatalog catalog, Supplier<RouteAliases> routes,
                                      TokenCounter tokens) {
        this.codec = codec;
        this.catalog = catalog;
        this.routes = routes;
        this.tokens = tokens;
    }

    public ValidEmbeddings validate(JsonNode body) {
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.invalidRequest("Unrecognized request argument supplied: " + field, field,
                        "unknown_parameter");
            }
        }
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw ApiException.missingParameter("model");
        }
        if (!model.isString()) {
            throw ApiException.invalidType("model", "a string", ChatRequestValidator.describe(model));
        }
        String name = model.asString();
        if (routes.get().contains(name)) {
            throw ApiException.invalidValue("model", "'" + name + "' is a route of chat models; embeddings need an "
                    + "embedding model of the catalog.");
        }
        CatalogModel resolved = catalog.resolve(name).orElseThrow(() -> ApiException.modelNotFound(name));
        if (!resolved.embeds()) {
            throw ApiException.invalidRequest("The model `" + resolved.id() + "` does not support embeddings; name "
                    + "an embedding model (GET /v1/models lists them).", "model", "invalid_value");
        }
        input(body.get("input"), resolved);
        JsonNode dimensions = body.get("dimensions");
        if (dimensions != null && !dimensions.isNull()) {
            if (!dimensions.isIntegralNumber()) {
                throw ApiException.invalidType("dimensions", "an integer", ChatRequestValidator.describe(dimensions));
            }
            Integer most = resolved.dimensions();
            if (dimensions.asLong() < 1 || most != null && dimensions.asLong() > most) {
                throw ApiException.invalidRequest("Invalid 'dimensions': " + dimensions.asLong() + ". The model "
                        + resolved.id() + " gives vectors of 1 to " + (most == null ? "its own length" : most)
                        + " dimensions.", "dimensions", "invalid_value");
            }
        }
        JsonNode format = body.get("encoding_format");
        if (format != null && !format.isNull() && !"float".equals(format.asString(""))
                && !"base64".equals(format.asString(""))) {
            throw ApiException.invalidRequest("Invalid value: '" + format.asString(format.toString())
                    + "'. Supported values are: 'float' and 'base64'.", "encoding_format", "invalid_value");
        }
        JsonNode user = body.get("user");
        if (user != null && !user.isNull() && !user.isString()) {
            throw ApiException.invalidType("user", "a string", ChatRequestValidator.describe(user));
        }
        return new ValidEmbeddings(codec.fromTree(body, EmbeddingsRequest.class), resolved);
    }

    private void input(JsonNode input, CatalogModel model) {
        if (input == null || input.isNull()) {
            throw ApiException.missingParameter("input");
        }
        if (input.isString()) {
            text(input.asString(), "input", model);
            return;
        }
        if (!input.isArray()) {
            throw ApiException.invalidType("input", "a string or an array", ChatRequestValidator.describe(input));
        }
        if (input.isEmpty()) {
            throw ApiException.invalidRequest("Invalid 'input': empty array. Expected an array with minimum length 1, "
                    + "but got an empty array instead.", "input", "empty_array");
        }
        if (input.size() > MAX_INPUTS) {
            throw ApiException.invalidRequest("Invalid 'input': array too long. Expected an array with maximum length "
                    + MAX_INPUTS + ", but got an array with length " + input.size() + " instead.", "input",
                    "array_above_max_length");
        }
        boolean tokenArray = input.get(0).isIntegralNumber();
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String at = "input[" + i + "]";
            if (tokenArray) {
                if (!item.isIntegralNumber()) {
                    throw ApiException.invalidType(at, "an integer", ChatRequestValidator.describe(item));
                }
            } else if (item.isString()) {
                text(item.asString(), at, model);
            } else if (!item.isArray() || item.isEmpty() || !item.get(0).isIntegralNumber()) {
                throw ApiException.invalidType(at, "a string or an array of integers",
                        ChatRequestValidator.describe(item));
            }
        }
    }

    private void text(String text, String at, CatalogModel model) {
        if (text.isEmpty()) {
            throw ApiException.invalidRequest("Invalid '" + at + "': string too short. Expected a string with minimum "
                    + "length 1, but got an empty string instead.", at, "string_below_min_length");
        }
        int count = tokens.count(text, model.upstream());
        if (count > model.contextWindow()) {
            throw ApiException.invalidRequest("This model's maximum context length is " + model.contextWindow()
                    + " tokens, however you requested " + count + " tokens in '" + at + "'. Please reduce your "
                    + "input.", at, "context_length_exceeded");
        }
    }
}
