package dev.llmpool.router.policy.prescore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.features.PreScorer;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trained pre-generation router, as its JSON file holds it: a logistic regression over {@link RequestSignals}
 * and the prompt's hashed n-grams. Scores a request from memory: one pass over at most {@code max_chars} of the
 * prompt and a dot product.
 *
 * @param format         {@value #FORMAT}
 * @param cheapModel     the model whose answers labelled the training set
 * @param trainedOn      labelled requests it was fitted on
 * @param cvAuc          the cross-validated AUC measured before the final fit
 * @param features       the names of the request features, in weight order ({@link RequestSignals#NAMES})
 * @param featureWeights their weights
 * @param hashedWeights  the weight of each hashing bucket
 * @param bias           the intercept
 */
@RecordBuilder
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreRouterModel(String format, String cheapModel, int trainedOn, double cvAuc, Hashing hashing,
                             List<String> features, double[] featureWeights, double[] hashedWeights, double bias)
        implements PreScorer {

    public static final String FORMAT = "llmpool-pre-router/1";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    public PreRouterModel {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format must be " + FORMAT + ", not " + format);
        }
        if (hashing == null || features == null || featureWeights == null || hashedWeights == null) {
            throw new IllegalArgumentException("hashing, features, feature_weights and hashed_weights are required");
        }
        features = List.copyOf(features);
        if (!features.equals(RequestSignals.NAMES)) {
            throw new IllegalArgumentException("features " + features + " are not this version's "
                    + RequestSignals.NAMES + ": train the model again");
        }
        if (featureWeights.length != features.size() || hashedWeights.length != hashing.dimension()) {
            throw new IllegalArgumentException("feature_weights must have " + features.size()
                    + " numbers and hashed_weights " + hashing.dimension());
        }
    }

    @Override
    public double score(String prompt, Features request) {
        return probability(RequestSignals.values(request), hashing.vector(prompt));
    }

    /** The model's probability for a request's signals and hashed prompt. */
    public double probability(double[] signals, Hashing.Vector hashed) {
        double z = bias;
        for (int i = 0; i < signals.length; i++) {
            z += featureWeights[i] * signals[i];
        }
        for (int i = 0; i < hashed.indices().length; i++) {
            z += hashedWeights[hashed.indices()[i]] * hashed.values()[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    public String json() {
        return MAPPER.writeValueAsString(this);
    }

    public void write(Path path) {
        try {
            Files.writeString(path, json(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** The model in {@code text}; an {@link IllegalArgumentException} says what is wrong with it. */
    public static PreRouterModel parse(String text) {
        try {
            return MAPPER.readValue(text, PreRouterModel.class);
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException(cause instanceof IllegalArgumentException ? cause.getMessage()
                    : e.getOriginalMessage(), e);
        }
    }

    public static PreRouterModel read(Path path) {
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
