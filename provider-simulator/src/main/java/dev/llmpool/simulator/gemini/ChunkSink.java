package dev.llmpool.simulator.gemini;

import dev.llmpool.simulator.http.SseWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a stream's chunks go: server-sent events ({@code ?alt=sse}: {@code data: <json>\r\n\r\n} frames, no end
 * marker) or, without {@code alt=sse}, one JSON array written element by element ({@code [{...},\r\n{...}]}).
 */
interface ChunkSink {

    /** Content type of JSON-array streams. */
    String JSON_UTF8 = "application/json; charset=UTF-8";

    void chunk(byte[] json) throws IOException;

    /** After the last chunk. */
    void end() throws IOException;

    /** SSE frames with CRLF line ends, as Google sends them. */
    static ChunkSink sse(OutputStream out, boolean flushEachChunk) {
        SseWriter sse = new SseWriter(out, flushEachChunk, true);
        return new ChunkSink() {
            @Override
            public void chunk(byte[] json) throws IOException {
                sse.data(json);
            }

            @Override
            public void end() throws IOException {
                sse.flush();
            }
        };
    }

    /** A JSON array streamed element by element. */
    static ChunkSink jsonArray(OutputStream out, boolean flushEachChunk) {
        return new ChunkSink() {
            private boolean first = true;

            @Override
            public void chunk(byte[] json) throws IOException {
                out.write((first ? "[" : ",\r\n").getBytes(StandardCharsets.US_ASCII));
                first = false;
                out.write(json);
                if (flushEachChunk) {
                    out.flush();
                }
            }

            @Override
            public void end() throws IOException {
                out.write((first ? "[]" : "]").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        };
    }
}
