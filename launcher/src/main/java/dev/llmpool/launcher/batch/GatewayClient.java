package dev.llmpool.launcher.batch;

import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.core.batch.FileObject;
import dev.llmpool.core.batch.ListPage;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's OpenAI-shaped Files and Batch APIs over HTTP/1.1 (the JDK's client), for the CLI. Uploads and
 * downloads stream; a failure becomes a {@link GatewayException} that says what to do next.
 */
public final class GatewayClient {

    private static final TypeReference<ListPage<BatchObject>> BATCH_PAGE = new TypeReference<>() {
    };

    private final String baseUrl;
    private final JsonCodec codec;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param gateway the gateway's URL, e.g. {@code http://127.0.0.1:8080} (a trailing {@code /v1} is accepted)
     * @param timeout how long a JSON call may take (uploads and downloads have none: they take what the file takes)
     */
    public GatewayClient(String gateway, JsonCodec codec, Duration timeout) {
        this.baseUrl = normalize(gateway);
        this.codec = codec;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The gateway's root URL: no trailing slash, no {@code /v1}. */
    public static String normalize(String gateway) {
        String url = gateway.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.endsWith("/v1")) {
            url = url.substring(0, url.length() - 3);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + gateway + "' is not a URL such as http://127.0.0.1:8080");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("'" + gateway + "' is not a URL such as http://127.0.0.1:8080");
        }
        return url;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code POST /v1/files} with {@code purpose=batch}: the file streamed from disk. */
    public FileObject upload(Path file) {
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        MultipartBody body = MultipartBody.of(Map.of("purpose", FileObject.PURPOSE_BATCH), "file",
                file.getFileName().toString(), length, () -> {
                    try {
                        return Files.newInputStream(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + file, e);
                    }
                });
        HttpRequest request = body.post(HttpRequest.newBuilder(uri("/v1/files"))).build();
        return codec.fromBytes(send(request, BodyHandlers.ofByteArray()), FileObject.class);
    }

    /** {@code POST /v1/batches} for {@code /v1/chat/completions}. */
    public BatchObject createBatch(String inputFileId, String completionWindow, Map<String, String> metadata) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input_file_id", inputFileId);
        body.put("endpoint", "/v1/chat/completions");
        body.put("completion_window", completionWindow);
        if (metadata != null && !metadata.isEmpty()) {
            body.put("metadata", metadata);
        }
        return batchOf(postJson("/v1/batches", codec.toBytes(body)));
    }

    /** {@code GET /v1/batches/{id}}. */
    public BatchObject batch(String id) {
        return batchOf(send(json(HttpRequest.newBuilder(uri("/v1/batches/" + segment(id))).GET()),
                BodyHandlers.ofByteArray()));
    }

    /** {@code GET /v1/batches?limit=&after=}: newest first. */
    public ListPage<BatchObject> batches(int limit, String after) {
        String query = "?limit=" + limit + (after == null ? "" : "&after=" + URLEncoder.encode(after,
                StandardCharsets.UTF_8));
        byte[] body = send(json(HttpRequest.newBuilder(uri("/v1/batches" + query)).GET()), BodyHandlers.ofByteArray());
        return codec.mapper().readValue(body, BATCH_PAGE);
    }

    /** {@code POST /v1/batches/{id}/cancel}. */
    public BatchObject cancel(String id) {
        return batchOf(postJson("/v1/batches/" + segment(id) + "/cancel", new byte[0]));
    }

    /** {@code POST /v1/batches/{id}/retry}: the pool's extension, a new batch of the lines that did not complete. */
    public BatchObject retry(String id) {
        return batchOf(postJson("/v1/batches/" + segment(id) + "/retry", new byte[0]));
    }

    /** {@code GET /v1/files/{id}}. */
    public FileObject file(String id) {
        return codec.fromBytes(send(json(HttpRequest.newBuilder(uri("/v1/files/" + segment(id))).GET()),
                BodyHandlers.ofByteArray()), FileObject.class);
    }

    /** {@code GET /v1/files/{id}/content} as a stream; the caller closes it. */
    public InputStream content(String fileId) {
        return send(HttpRequest.newBuilder(uri("/v1/files/" + segment(fileId) + "/content")).GET().build(),
                BodyHandlers.ofInputStream());
    }

    /**
     * {@code GET /v1/files/{id}/content} streamed into {@code target} (through a temporary file beside it, so a
     * broken download leaves no partial file under the target's name).
     *
     * @return the bytes written
     */
    public long download(String fileId, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            Path written = send(HttpRequest.newBuilder(uri("/v1/files/" + segment(fileId) + "/content")).GET()
                    .build(), BodyHandlers.ofFile(partial));
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // best effort: only a leftover .part file
            }
        }
    }

    private byte[] postJson(String path, byte[] body) {
        return send(json(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(body))), BodyHandlers.ofByteArray());
    }

    private HttpRequest json(HttpRequest.Builder builder) {
        return builder.timeout(timeout).header("Accept", "application/json").build();
    }

    private BatchObject batchOf(byte[] body) {
        return codec.fromBytes(body, BatchObject.class);
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /**
     * Sends and returns the body of a 2xx answer. The body of any other answer is read as OpenAI's error object
     * ({@code {"error":{"message","type","code"}}}) and becomes the exception's message.
     */
    private <T> T send(HttpRequest request, BodyHandler<T> handler) {
        HttpResponse<T> response;
        try {
            response = http.send(request, info -> info.statusCode() / 100 == 2 ? handler.apply(info)
                    : mapping(BodyHandlers.ofByteArray().apply(info)));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new GatewayException("cannot reach the gateway at " + baseUrl + " (" + reason(e) + "). Is `./llmpool "
                    + "up` running? Start it, or name the gateway with --gateway URL (or LLMPOOL_GATEWAY).", e);
        } catch (IOException e) {
            throw new GatewayException("the connection to the gateway at " + baseUrl + " failed during "
                    + request.method() + " " + request.uri().getPath() + " (" + reason(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("interrupted while waiting for the gateway", e);
        } catch (UncheckedIOException e) {
            throw new GatewayException(e.getMessage() + " (" + reason(e.getCause()) + ")", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), (byte[]) response.body());
        }
        return response.body();
    }

    /** Lets a non-2xx answer's bytes pass through a handler typed for the 2xx body. */
    @SuppressWarnings("unchecked")
    private static <T> HttpResponse.BodySubscriber<T> mapping(HttpResponse.BodySubscriber<byte[]> bytes) {
        return (HttpResponse.BodySubscriber<T>) (HttpResponse.BodySubscriber<?>) bytes;
    }

    private GatewayException failure(int status, byte[] body) {
        String message = null;
        String code = null;
        try {
            JsonNode error = codec.readTree(body).path("error");
            if (error.path("message").isString()) {
                message = error.path("message").asString();
            }
            if (error.path("code").isString()) {
                code = error.path("code").asString();
            }
        } catch (JacksonException | IllegalArgumentException e) {
            // not OpenAI's error object: say what the body was
        }
        if (message == null) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            message = text.isEmpty() ? "(no message)" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }
        String what = status >= 500 ? "the gateway failed" : "the gateway refused it";
        return new GatewayException(status, what + " (HTTP " + status + (code == null ? "" : " " + code) + "): "
                + message);
    }

    /** The first message along the causes, or what kind of failure it was. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return e == null ? "no detail" : e.getClass().getSimpleName();
    }
}
