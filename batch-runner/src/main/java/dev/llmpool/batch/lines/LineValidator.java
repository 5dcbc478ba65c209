package dev.llmpool.batch.lines;

import dev.llmpool.core.batch.BatchError;
import dev.llmpool.core.batch.JsonLines;
import dev.llmpool.schemas.json.Envelope;
import dev.llmpool.schemas.json.EnvelopeReader;
import dev.llmpool.schemas.json.JsonCodec;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks one line of a batch input file, OpenAI's way: a JSON object with a {@code custom_id}, {@code method} POST,
 * the batch's {@code url}, and a {@code body} that is a valid request of that endpoint, a chat or an embeddings
 * request (checked as the body, or the embeddings, of a
 * {@code job-request.v1.json} envelope, the schema every job passes) naming a model of the catalog or a route. Each
 * error names the line. Pure; duplicate custom_ids are the caller's to find (they need the whole file).
 */
public final class LineValidator {

    /** How many schema problems one line's error quotes. */
    private static final int PROBLEMS_QUOTED = 3;

    private final JsonCodec codec;
    private final EnvelopeReader reader;
    private final Predicate<String> knownModel;
    private final long maxLineBytes;

    /** @param knownModel true for a catalog model (or alias) or a route name */
    public LineValidator(JsonCodec codec, EnvelopeReader reader, Predicate<String> knownModel, long maxLineBytes) {
        this.codec = codec;
        this.reader = reader;
        this.knownModel = knownModel;
        this.maxLineBytes = maxLineBytes;
    }

    public LineCheck check(JsonLines.Line line, String endpoint) {
        int number = (int) line.number();
        if (line.tooLong()) {
            return invalid("line_too_long", "Line " + number + " is longer than " + maxLineBytes + " bytes.", null,
                    number);
        }
        if (line.blank()) {
            return invalid("empty_line", "Line " + number + " is empty; every line must be a request.", null, number);
        }
        JsonNode tree;
        try {
            tree = codec.readTree(line.bytes());
        } catch (JacksonException e) {
            return invalid("invalid_json_line", "Line " + number + " is not valid JSON: " + e.getOriginalMessage(),
                    null, number);
        }
        if (tree == null || !tree.isObject()) {
            return invalid("invalid_json_line", "Line " + number + " is not a JSON object.", null, number);
        }
        JsonNode customId = tree.get("custom_id");
        if (customId == null || customId.isNull()) {
            return missing("custom_id", number);
        }
        if (!customId.isString() || customId.asString().isEmpty()) {
            return invalid("invalid_value", "Line " + number + ": 'custom_id' must be a non-empty string.",
                    "custom_id", number);
        }
        JsonNode method = tree.get("method");
        if (method == null || method.isNull()) {
            return missing("method", number);
        }
        if (!"POST".equals(method.asString(""))) {
            return invalid("invalid_method", "Line " + number + ": the method '" + method.asString(method.toString())
                    + "' is not supported; batch requests are POST.", "method", number);
        }
        JsonNode url = tree.get("url");
        if (url == null || url.isNull()) {
            return missing("url", number);
        }
        if (!endpoint.equals(url.asString(""))) {
            return invalid("mismatched_url", "Line " + number + ": the url '" + url.asString(url.toString())
                    + "' is not the batch's endpoint '" + endpoint + "'.", "url", number);
        }
        JsonNode body = tree.get("body");
        if (body == null || body.isNull()) {
            return missing("body", number);
        }
        if (!body.isObject()) {
            return invalid("invalid_type", "Line " + number + ": 'body' must be a JSON object.", "body", number);
        }
        JsonNode model = body.get("model");
        if (model == null || model.isNull() || model.asString("").isEmpty()) {
            return missing("body.model", number);
        }
        if (body.path("stream").asBoolean(false)) {
            return invalid("invalid_value", "Line " + number + ": 'body.stream' is not supported in a batch.",
                    "body.stream", number);
        }
        List<String> problems = reader.validate(envelope(body, endpoint), Envelope.JOB_REQUEST);
        if (!problems.isEmpty()) {
            return invalid("invalid_request", "Line " + number + ": the body is not a valid request for "
                    + endpoint + ": " + String.join("; ", problems.subList(0, Math.min(PROBLEMS_QUOTED, problems.size())))
                    + (problems.size() > PROBLEMS_QUOTED ? " (and " + (problems.size() - PROBLEMS_QUOTED)
                    + " more)" : ""), "body", number);
        }
        if (!knownModel.test(model.asString())) {
            return invalid("model_not_found", "Line " + number + ": the model '" + model.asString()
                    + "' does not exist.", "body.model", number);
        }
        return new LineCheck.Valid(customId.asString(), body);
    }

    /** The line's body inside a job envelope, so it is checked against the one schema every job passes. */
    private ObjectNode envelope(JsonNode body, String endpoint) {
        ObjectNode envelope = codec.mapper().createObjectNode();
        envelope.put("schema_version", 1);
        envelope.put("correlation_id", "batch-line");
        if (LineJobs.EMBEDDINGS.equals(endpoint)) {
            envelope.put("api", "embeddings");
            envelope.set("embeddings", body);
        } else {
            envelope.set("body", body);
        }
        return envelope;
    }

    private static LineCheck missing(String param, int number) {
        return invalid("missing_required_parameter", "Line " + number + " is missing the required parameter '"
                + param + "'.", param, number);
    }

    private static LineCheck invalid(String code, String message, String param, int number) {
        return new LineCheck.Invalid(new BatchError(code, message, param, number));
    }
}
