package dev.llmpool.launcher.batch;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A {@code multipart/form-data} body of text fields and one file, streamed: the file's bytes are read from its
 * stream chunk by chunk as the HTTP client sends them (the JDK's {@link BodyPublishers#ofInputStream}), never held
 * whole in memory, and the length is known up front so the request carries a {@code Content-Length}.
 */
public final class MultipartBody {

    private final String boundary;
    private final byte[] head;
    private final byte[] tail;
    private final long fileLength;
    private final Supplier<InputStream> file;

    /**
     * @param fields     text fields, sent before the file
     * @param fileField  the file's field name ({@code file} for the Files API)
     * @param filename   the file name the server is told
     * @param fileLength the file's length in bytes
     * @param file       opens the file's bytes; called when the body is sent (again on a resend)
     */
    public static MultipartBody of(Map<String, String> fields, String fileField, String filename, long fileLength,
                                   Supplier<InputStream> file) {
        return new MultipartBody("llmpool-" + UUID.randomUUID().toString().replace("-", ""), fields, fileField,
                filename, fileLength, file);
    }

    MultipartBody(String boundary, Map<String, String> fields, String fileField, String filename, long fileLength,
                  Supplier<InputStream> file) {
        if (fileLength < 0) {
            throw new IllegalArgumentException("the file's length is not known");
        }
        this.boundary = boundary;
        this.fileLength = fileLength;
        this.file = file;
        StringBuilder start = new StringBuilder();
        fields.forEach((name, value) -> start.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(quoted(name)).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        start.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(quoted(fileField))
                .append("\"; filename=\"").append(quoted(filename)).append("\"\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n");
        this.head = start.toString().getBytes(StandardCharsets.UTF_8);
        this.tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The request's {@code Content-Type}, naming the boundary. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The whole body's length in bytes. */
    public long contentLength() {
        return head.length + fileLength + tail.length;
    }

    /** The body: the head, the file streamed, the closing boundary. */
    public BodyPublisher publisher() {
        BodyPublisher content = fileLength == 0 ? BodyPublishers.noBody()
                : BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(file), fileLength);
        return BodyPublishers.concat(BodyPublishers.ofByteArray(head), content, BodyPublishers.ofByteArray(tail));
    }

    /** A request builder with this body and its content type. */
    public HttpRequest.Builder post(HttpRequest.Builder builder) {
        return builder.header("Content-Type", contentType()).POST(publisher());
    }

    private static String quoted(String text) {
        return text.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
