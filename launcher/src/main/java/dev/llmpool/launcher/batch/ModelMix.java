package dev.llmpool.launcher.batch;

import dev.llmpool.schemas.json.JsonCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * How many lines of a batch input name each model ({@code body.model}), read from a stream one line at a time: what
 * the CLI prices a running batch's token totals with. Lines that are not JSON or name no model are counted apart
 * (the batch runner's validation names them; this is no second validation).
 *
 * @param linesByModel lines per model name as written (an id, an alias or a route such as {@code auto})
 * @param lines        non-blank lines
 */
public record ModelMix(Map<String, Long> linesByModel, long lines) {

    public ModelMix {
        linesByModel = Collections.unmodifiableMap(new TreeMap<>(linesByModel));
    }

    public static ModelMix of(Map<String, Long> linesByModel) {
        return new ModelMix(linesByModel, linesByModel.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Reads a JSONL batch input to its end (the caller closes the stream). */
    public static ModelMix scan(InputStream input, JsonCodec codec) {
        Map<String, Long> byModel = new TreeMap<>();
        long lines = 0;
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                String model = model(line, codec);
                if (model != null) {
                    byModel.merge(model, 1L, Long::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch input", e);
        }
        return new ModelMix(byModel, lines);
    }

    private static String model(String line, JsonCodec codec) {
        try {
            JsonNode model = codec.readTree(line).path("body").path("model");
            return model.isString() ? model.asString() : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
