package dev.llmpool.gateway.api;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.RouteAliases;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.json.Utf8;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/**
 * Checks an OpenAI Chat Completions body the way OpenAI does, with OpenAI's wording: UTF-8 JSON that parses, an
 * object, {@code messages} present and non-empty with a role each and no more than the limit, a {@code model} the
 * catalog or the routing rules know, the named parameters of the right type and range, {@code n} within the limit
 * and a completion cap the named model can give. Unknown parameters pass through untouched. Pure (no I/O).
 */
public final class ChatRequestValidator {

    /**
     * What one request may ask beyond OpenAI's ranges.
     *
     * @param maxMessages the most entries in {@code messages}
     * @param maxChoices  the largest {@code n}
     */
    public record Limits(int maxMessages, int maxChoices) {

        /** OpenAI's own: 2048 messages, 128 choices. */
        public static final Limits OPENAI = new Limits(2048, 128);
    }

    /**
     * A body that passed: the bound request and what its {@code model} names, a catalog model or a route.
     *
     * @param model the catalog model named, or null when the name is a route's
     * @param route the route alias named, or null when the name is a model's
     */
    public record ValidChat(ChatCompletionRequest body, CatalogModel model, String route) {

        public ValidChat(ChatCompletionRequest body, CatalogModel model) {
            this(body, model, null);
        }

        /** The name the pool answers under until a model answers: the catalog id, or the route alias. */
        public String name() {
            return model != null ? model.id() : route;
        }

        /** The provider of the named model, or null for a route (its tiers decide). */
        public String provider() {
            return model != null ? model.provider() : null;
        }
    }

    private enum Kind {
        STRING("a string"), NUMBER("a decimal"), INTEGER("an integer"), BOOLEAN("a boolean"), OBJECT("an object"),
        ARRAY("an array"), STRING_OR_ARRAY("a string or an array"), STRING_OR_OBJECT("a string or an object");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        boolean accepts(JsonNode node) {
            return switch (this) {
                case STRING -> node.isString();
                case NUMBER -> node.isNumber();
                case INTEGER -> node.isIntegralNumber();
                case BOOLEAN -> node.isBoolean();
                case OBJECT -> node.isObject();
                case ARRAY -> node.isArray();
                case STRING_OR_ARRAY -> node.isString() || node.isArray();
                case STRING_OR_OBJECT -> node.isString() || node.isObject();
            };
        }
    }

    private record Rule(Kind kind, Double min, Double max) {
        static Rule of(Kind kind) {
            return new Rule(kind, null, null);
        }

        static Rule of(Kind kind, double min, double max) {
            return new Rule(kind, min, max);
        }
    }

    private static final Map<String, Rule> RULES = rules();

    private static Map<String, Rule> rules() {
        Map<String, Rule> rules = new LinkedHashMap<>();
        rules.put("temperature", Rule.of(Kind.NUMBER, 0, 2));
        rules.put("top_p", Rule.of(Kind.NUMBER, 0, 1));
        rules.put("n", Rule.of(Kind.INTEGER, 1, 128));
        rules.put("stream", Rule.of(Kind.BOOLEAN));
        rules.put("stream_options", Rule.of(Kind.OBJECT));
        rules.put("stop", Rule.of(Kind.STRING_OR_ARRAY));
        rules.put("max_tokens", Rule.of(Kind.INTEGER, 1, Integer.MAX_VALUE));
        rules.put("max_completion_tokens", Rule.of(Kind.INTEGER, 1, Integer.MAX_VALUE));
        rules.put("presence_penalty", Rule.of(Kind.NUMBER, -2, 2));
        rules.put("frequency_penalty", Rule.of(Kind.NUMBER, -2, 2));
        rules.put("logprobs", Rule.of(Kind.BOOLEAN));
        rules.put("top_logprobs", Rule.of(Kind.INTEGER, 0, 20));
        rules.put("seed", Rule.of(Kind.INTEGER));
        rules.put("user", Rule.of(Kind.STRING));
        rules.put("tools", Rule.of(Kind.ARRAY));
        rules.put("tool_choice", Rule.of(Kind.STRING_OR_OBJECT));
        rules.put("response_format", Rule.of(Kind.OBJECT));
        return Collections.unmodifiableMap(rules);
    }

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final Set<String> ROLES_NEEDING_CONTENT = Set.of("system", "developer", "user", "tool");

    private final JsonCodec codec;
    private final ModelCatalog catalog;
    private final Supplier<RouteAliases> routes;
    private final Limits limits;

    public ChatRequestValidator(JsonCodec codec, ModelCatalog catalog) {
        this(codec, catalog, RouteAliases.NONE);
    }

    /** @param routes names that mean a route (checked before the catalog, as the router does) */
    public ChatRequestValidator(JsonCodec codec, ModelCatalog catalog, RouteAliases routes) {
        this(codec, catalog, () -> routes, Limits.OPENAI);
    }

    /**
     * @param routes the names that mean a route now (the rules in force; they may be reloaded)
     * @param limits what one request may ask beyond OpenAI's ranges
     */
    public ChatRequestValidator(JsonCodec codec, ModelCatalog catalog, Supplier<RouteAliases> routes, Limits limits) {
        this.codec = codec;
        this.catalog = catalog;
        this.routes = routes;
        this.limits = limits;
    }

    /**
     * Parses a request body that must be a JSON object in UTF-8; a parse failure names the problem and where it is.
     * Malformed UTF-8 (an overlong form such as {@code C0 AF} for {@code /}, an encoded surrogate, a stray
     * continuation byte) is refused rather than read as some character.
     */
    public JsonNode parseObject(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw unparsable("the body is empty");
        }
        int malformed = Utf8.firstMalformed(raw);
        if (malformed >= 0) {
            throw unparsable("it is not valid UTF-8 (a malformed byte sequence at byte offset " + malformed + ")");
        }
        JsonNode tree;
        try {
            tree = codec.readTree(raw);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw unparsable(e.getOriginalMessage() + where);
        }
        if (tree == null || tree.isMissingNode()) {
            throw unparsable("the body is empty");
        }
        if (!tree.isObject()) {
            throw ApiException.invalidRequest("The request body must be a JSON object, but got " + describe(tree)
                    + ".", null, "invalid_type");
        }
        return tree;
    }

    /**
     * Validates a Chat Completions body.
     *
     * @param prefix        the parameter path of the body in the request ({@code ""} or {@code "body."})
     * @param modelOverride a model named outside the body (the job API's {@code model}), or null
     */
    public ValidChat validate(JsonNode body, String prefix, String modelOverride) {
        if (!body.isObject()) {
            throw ApiException.invalidType(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "an object", describe(body));
        }
        validateMessages(body, prefix, limits.maxMessages());
        JsonNode model = body.get("model");
        if (model != null && !model.isNull() && !model.isString()) {
            throw ApiException.invalidType(prefix + "model", "a string", describe(model));
        }
        String modelName = modelOverride != null ? modelOverride
                : model == null || model.isNull() ? null : model.asString();
        if (modelName == null || modelName.isBlank()) {
            throw ApiException.missingParameter(prefix + "model");
        }
        for (Map.Entry<String, Rule> rule : RULES.entrySet()) {
            check(body.get(rule.getKey()), prefix + rule.getKey(), rule.getValue());
        }
        JsonNode n = body.get("n");
        if (n != null && n.isIntegralNumber() && n.asLong() > limits.maxChoices()) {
            throw ApiException.invalidRequest("Invalid '" + prefix + "n': integer above maximum value. Expected a "
                    + "value <= " + limits.maxChoices() + ", but got " + n.asLong() + " instead. This gateway answers "
                    + "at most " + limits.maxChoices() + " choices per request; send several requests for more.",
                    prefix + "n", "integer_above_max_value");
        }
        JsonNode options = body.get("stream_options");
        if (options != null && !options.isNull()) {
            check(options.get("include_usage"), prefix + "stream_options.include_usage", Rule.of(Kind.BOOLEAN));
            if (!body.path("stream").asBoolean(false)) {
                throw ApiException.invalidRequest("The '" + prefix + "stream_options' parameter is only allowed "
                        + "when 'stream' is enabled.", prefix + "stream_options", "invalid_value");
            }
        }
        ChatCompletionRequest request;
        try {
            request = codec.fromTree(body, ChatCompletionRequest.class);
        } catch (JacksonException e) {
            throw ApiException.invalidRequest("Invalid request body: " + e.getOriginalMessage(), null,
                    "invalid_request");
        }
        if (routes.get().contains(modelName)) {
            return new ValidChat(request, null, modelName);
        }
        CatalogModel catalogModel = catalog.resolve(modelName)
                .orElseThrow(() -> ApiException.modelNotFound(modelName));
        if (catalogModel.embeds()) {
            throw ApiException.invalidRequest("The model `" + catalogModel.id() + "` is an embedding model and does "
                    + "not answer chats; send its requests to /v1/embeddings.", prefix + "model", "invalid_value");
        }
        checkCompletionCaps(body, prefix, catalogModel);
        return new ValidChat(request, catalogModel);
    }

    /** {@code max_tokens} and {@code max_completion_tokens} within what the model writes (a route's tiers decide). */
    private static void checkCompletionCaps(JsonNode body, String prefix, CatalogModel model) {
        int limit = model.completionLimit();
        if (limit <= 0) {
            return;
        }
        for (String field : List.of("max_tokens", "max_completion_tokens")) {
            JsonNode cap = body.get(field);
            if (cap != null && cap.isIntegralNumber() && cap.asLong() > limit) {
                String why = model.maxOutputTokens() != null
                        ? "The model " + model.id() + " supports at most " + limit + " completion tokens"
                        : "The model " + model.id() + " has a context window of " + limit
                                + " tokens, prompt and completion together";
                throw ApiException.invalidRequest(field + " is too large: " + cap.asLong() + ". " + why
                        + ", whereas you provided " + cap.asLong() + ". Ask for at most " + limit
                        + ", or leave it out.", prefix + field, "invalid_value");
            }
        }
    }

    private static void validateMessages(JsonNode body, String prefix, int maxMessages) {
        String param = prefix + "messages";
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw ApiException.missingParameter(param);
        }
        if (!messages.isArray()) {
            throw ApiException.invalidType(param, "an array", describe(messages));
        }
        if (messages.isEmpty()) {
            throw ApiException.invalidRequest("Invalid '" + param + "': empty array. Expected an array with minimum "
                    + "length 1, but got an empty array instead.", param, "empty_array");
        }
        if (messages.size() > maxMessages) {
            throw ApiException.invalidRequest("Invalid '" + param + "': array too long. Expected an array with "
                    + "maximum length " + maxMessages + ", but got an array with length " + messages.size()
                    + " instead. Send at most " + maxMessages + " messages: drop or summarize earlier turns.", param,
                    "array_above_max_length");
        }
        for (int i = 0; i < messages.size(); i++) {
            String at = param + "[" + i + "]";
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw ApiException.invalidType(at, "an object", describe(message));
            }
            JsonNode role = message.get("role");
            if (role == null || role.isNull()) {
                throw ApiException.missingParameter(at + ".role");
            }
            if (!role.isString()) {
                throw ApiException.invalidType(at + ".role", "a string", describe(role));
            }
            if (!ROLES.contains(role.asString())) {
                throw ApiException.invalidRequest("Invalid value: '" + role.asString() + "'. Supported values are: "
                        + "'system', 'developer', 'user', 'assistant', 'tool' and 'function'.", at + ".role",
                        "invalid_value");
            }
            JsonNode content = message.get("content");
            boolean missing = content == null || content.isNull();
            if (missing && ROLES_NEEDING_CONTENT.contains(role.asString())) {
                throw ApiException.missingParameter(at + ".content");
            }
            if (!missing && !content.isString() && !content.isArray()) {
                throw ApiException.invalidType(at + ".content", "a string or an array", describe(content));
            }
            if ("tool".equals(role.asString()) && !message.hasNonNull("tool_call_id")) {
                throw ApiException.missingParameter(at + ".tool_call_id");
            }
        }
    }

    private static void check(JsonNode value, String param, Rule rule) {
        if (value == null || value.isNull()) {
            return;
        }
        if (!rule.kind().accepts(value)) {
            throw ApiException.invalidType(param, rule.kind().text, describe(value));
        }
        if (value.isNumber()) {
            double number = value.asDouble();
            if (rule.min() != null && number < rule.min() || rule.max() != null && number > rule.max()) {
                throw ApiException.invalidRequest("Invalid '" + param + "': " + value + " is out of range; expected "
                        + range(rule) + ".", param, rule.min() != null && number < rule.min()
                        ? "decimal_below_min_value" : "decimal_above_max_value");
            }
        }
    }

    private static String range(Rule rule) {
        return "a value from " + format(rule.min()) + " to " + format(rule.max());
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** How OpenAI names a JSON value's type in its errors. */
    static String describe(JsonNode node) {
        if (node.isString()) {
            return "a string";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a decimal";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return "null";
    }

    private static ApiException unparsable(String problem) {
        return ApiException.invalidRequest("We could not parse the JSON body of your request: " + problem
                + ". The API expects a JSON payload.", null, "invalid_json");
    }
}
