package dev.llmpool.schemas.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * How a job uses the exact-match cache. {@code auto} reads and writes only deterministic requests
 * (temperature 0, one choice); {@code bypass} neither reads nor writes; {@code refresh} skips the read
 * and writes the new answer; {@code force} caches even a sampled request.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CacheControl(Mode mode, Long ttlSeconds) {

    public static final CacheControl AUTO = new CacheControl(Mode.AUTO, null);

    public enum Mode {
        AUTO, BYPASS, REFRESH, FORCE;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Mode parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public CacheControl {
        mode = mode == null ? Mode.AUTO : mode;
    }
}
