package dev.llmpool.router.policy.features;

import static dev.llmpool.router.policy.PolicyFixtures.features;
import static dev.llmpool.router.policy.PolicyFixtures.userSays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    @Test
    void everyNamedFieldHasAValueOrNull() {
        Features f = features(userSays("auto", "hello"), Map.of("task", "chat"));
        for (String field : Features.FIELDS) {
            Object value = f.field(field);
            if (value != null) {
                assertThat(value).isInstanceOfAny(String.class, Number.class, Boolean.class);
            }
        }
        assertThat(f.field("script")).isEqualTo("latin");
        assertThat(f.field("priority")).isEqualTo("interactive");
        assertThat(f.field("task")).isEqualTo("chat");
        assertThat(f.field("json_schema")).isNull();
    }

    @Test
    void metadataFieldsAreLookedUpByKey() {
        Features f = features(userSays("auto", "hello"), Map.of("team", "search"));
        assertThat(f.field("metadata.team")).isEqualTo("search");
        assertThat(f.field("metadata.other")).isNull();
        assertThat(Features.knows("metadata.team")).isTrue();
        assertThat(Features.knows("metadata.")).isFalse();
        assertThat(Features.knows("prompt_tokens")).isTrue();
        assertThat(Features.knows("promptTokens")).isFalse();
        assertThatThrownBy(() -> f.field("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
