package dev.llmpool.launcher.fuzz;

import java.util.Map;

/**
 * What the gateway answered to one request.
 *
 * @param status      the status code, or -1 when no answer came (the connection closed or timed out first)
 * @param headers     response headers, names in lower case (the last value of a repeated one)
 * @param body        the body, at most {@link RawHttp#MAX_BODY} bytes of it; empty for an event stream
 * @param failure     why no answer came, or null
 * @param millis      from the first byte sent to the end of the answer
 */
public record HttpAnswer(int status, Map<String, String> headers, byte[] body, String failure, long millis) {

    static HttpAnswer none(String failure, long millis) {
        return new HttpAnswer(-1, Map.of(), new byte[0], failure, millis);
    }

    boolean eventStream() {
        return status == 200 && headers.getOrDefault("content-type", "").startsWith("text/event-stream");
    }
}
