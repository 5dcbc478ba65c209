package dev.llmpool.workers.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.workers.provider.gemini.wire.FunctionCall;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiToolCallIdsTest {

    @Test
    void aSignatureSurvivesTheRoundTripThroughAnIdOfSafeCharacters() {
        String signature = "CiQB0e2Kb+Q1x/7Vd3wT8dLmZ2k0Yw==";
        String id = GeminiToolCallIds.id("resp-1.2", 0, 3, new FunctionCall(null, "f", null), signature);
        assertThat(id).matches("[A-Za-z0-9_-]+").startsWith("call_resp-12_0_3__thought__");
        assertThat(GeminiToolCallIds.signature(id)).isEqualTo(signature);
        assertThat(GeminiToolCallIds.signature("call_abc")).isNull();
        assertThat(GeminiToolCallIds.signature(null)).isNull();
    }

    @Test
    void aCallWithItsOwnIdKeepsIt() {
        assertThat(GeminiToolCallIds.id("r", 0, 0, new FunctionCall("fc_9", "f", null), null)).isEqualTo("fc_9");
    }

    @ParameterizedTest(name = "{0} requires signatures: {1}")
    @CsvSource({"gemini-3-pro-preview, true", "models/gemini-3-flash-preview, true", "gemini-10-ultra, true",
        "gemini-2.5-flash, false", "gemini-2.0-flash, false", "gemma-3-27b-it, false"})
    void onlyGemini3AndLaterRequireSignatures(String model, boolean required) {
        assertThat(GeminiToolCallIds.requiresSignatures(model)).isEqualTo(required);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "https://generativelanguage.googleapis.com, https://generativelanguage.googleapis.com/v1beta/models/",
        "https://generativelanguage.googleapis.com/, https://generativelanguage.googleapis.com/v1beta/models/",
        "https://generativelanguage.googleapis.com/v1, https://generativelanguage.googleapis.com/v1/models/",
        "http://127.0.0.1:8090/v1beta, http://127.0.0.1:8090/v1beta/models/"})
    void theModelsUrlAddsTheVersionUnlessTheBaseNamesOne(String base, String expected) {
        assertThat(GeminiApi.modelsUrl(URI.create(base), "v1beta")).isEqualTo(expected);
    }
}
