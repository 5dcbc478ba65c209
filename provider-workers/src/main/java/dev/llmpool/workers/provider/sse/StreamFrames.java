package dev.llmpool.workers.provider.sse;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.workers.provider.ProviderException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What every provider's stream decoding shares: reading the body line by line into a {@link LineDecoder}, and the
 * {@code TRANSIENT} failures of a stream that is unreadable or cut short.
 */
public final class StreamFrames {

    private StreamFrames() {
    }

    /** Feeds the body's lines to {@code decoder} until its end marker or the end of the body. */
    public static void read(InputStream in, LineDecoder decoder) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (decoder.line(line)) {
                return;
            }
        }
        decoder.end();
    }

    /** A frame's data as JSON; unreadable data is a transient failure. */
    public static JsonNode tree(JsonCodec codec, String data) {
        try {
            return codec.readTree(data);
        } catch (JacksonException e) {
            throw invalid("unreadable stream frame: " + data);
        }
    }

    /** A frame bound to the provider's wire record; {@code what} names it in the error ("stream chunk"). */
    public static <T> T bind(JsonCodec codec, JsonNode tree, Class<T> type, String what) {
        try {
            return codec.fromTree(tree, type);
        } catch (JacksonException e) {
            throw invalid("unreadable " + what + ": " + e.getOriginalMessage());
        }
    }

    /** The body ended before the answer was complete. */
    public static ProviderException truncated(String detail) {
        return new ProviderException(new AttemptError(ErrorClass.TRANSIENT, detail, null, null, "stream_truncated"));
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(new AttemptError(ErrorClass.TRANSIENT, message, null, null,
                "invalid_stream_frame"));
    }
}
