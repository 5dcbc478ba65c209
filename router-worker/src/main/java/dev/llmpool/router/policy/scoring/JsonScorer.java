package dev.llmpool.router.policy.scoring;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * When the request asked for JSON: malformed JSON fails, so does JSON that breaks the request's schema (or, for
 * {@code json_object}, is not an object); JSON wrapped in a Markdown fence scores {@value #FENCED}. Schemas come
 * from requests, so they are compiled with remote references switched off.
 */
public final class JsonScorer implements Scorer {

    static final double FENCED = 0.5;
    private static final Pattern FENCE = Pattern.compile("^\\s*```(?:json)?\\s*\\n(.*?)\\n?```\\s*$", Pattern.DOTALL);

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

    @Override
    public Score score(ScoredAnswer answer, ScoringContext context, ScorerSpec spec) {
        if (!context.jsonRequested()) {
            return Score.abstain(spec, "JSON not requested");
        }
        if (answer.toolCalls() && answer.content().isEmpty()) {
            return Score.abstain(spec, "tool call");
        }
        double value = 1;
        String how = "valid JSON";
        JsonNode tree = parse(answer.content());
        if (tree == null) {
            Matcher fenced = FENCE.matcher(answer.content());
            tree = fenced.matches() ? parse(fenced.group(1)) : null;
            if (tree == null) {
                return Score.fail(spec, "malformed JSON" + problem(answer.content()));
            }
            value = FENCED;
            how = "JSON inside a code fence";
        }
        JsonNode schema = context.jsonSchema();
        if (schema == null) {
            return tree.isObject() ? Score.of(spec, value, how)
                    : Score.fail(spec, "JSON is a " + tree.getNodeType().name().toLowerCase() + ", not an object");
        }
        List<Error> errors;
        try {
            Schema compiled = schemas.getSchema(schema);
            errors = compiled.validate(tree);
        } catch (RuntimeException e) {
            return Score.abstain(spec, "the request's schema cannot be used: " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            return Score.fail(spec, "schema: " + RefusalScorer.abbreviate(errors.getFirst().toString())
                    + (errors.size() > 1 ? " (+" + (errors.size() - 1) + " more)" : ""));
        }
        return Score.of(spec, value, how + ", matches the schema");
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode tree = mapper.readTree(text);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (JacksonException e) {
            return null;
        }
    }

    private String problem(String text) {
        if (text == null || text.isBlank()) {
            return ": empty answer";
        }
        try {
            mapper.readTree(text);
            return "";
        } catch (JacksonException e) {
            return ": " + RefusalScorer.abbreviate(e.getOriginalMessage());
        }
    }
}
