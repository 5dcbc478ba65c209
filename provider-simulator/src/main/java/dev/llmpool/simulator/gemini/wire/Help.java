package dev.llmpool.simulator.gemini.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code google.rpc.Help}: links to documentation. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Help(@JsonProperty("@type") String type, List<HelpLink> links) {

    public static final String TYPE = "type.googleapis.com/google.rpc.Help";

    public Help(List<HelpLink> links) {
        this(TYPE, links);
    }
}
