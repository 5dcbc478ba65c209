package dev.llmpool.workers.provider.gemini;

import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.http.CallBudget;
import dev.llmpool.workers.provider.http.ProviderHttp;
import dev.llmpool.workers.provider.gemini.wire.BatchEmbedContentsRequest;
import dev.llmpool.workers.provider.gemini.wire.BatchEmbedContentsResponse;
import dev.llmpool.workers.provider.gemini.wire.EmbedContentRequest;
import dev.llmpool.workers.provider.gemini.wire.EmbedContentResponse;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentRequest;
import dev.llmpool.workers.provider.gemini.wire.GenerateContentResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * HTTP to the Gemini API, nothing else: {@code POST {baseUrl}/{version}/models/{model}:generateContent}, or
 * {@code :streamGenerateContent?alt=sse}, and {@code :embedContent} / {@code :batchEmbedContents}, with
 * {@code x-goog-api-key}, through the provider's {@link ProviderHttp}
 * (time limits, error mapping, key masking). A streamed body is read line by line as it arrives.
 */
public final class GeminiApi implements AutoCloseable {

    private final String modelsUrl;
    private final String apiKey;
    private final JsonCodec codec;
    private final ProviderHttp http;

    public GeminiApi(String provider, ProviderProperties.Endpoint endpoint, JsonCodec codec, Clock clock) {
        this.modelsUrl = modelsUrl(endpoint.baseUrl(), endpoint.apiVersion() == null
                ? ProviderProperties.Endpoint.GEMINI_VERSION : endpoint.apiVersion());
        this.apiKey = endpoint.hasApiKey() ? endpoint.apiKey() : null;
        this.codec = codec;
        this.http = new ProviderHttp(provider, endpoint.connectTimeout(), apiKey, GeminiErrors.MAPPING, codec, clock);
    }

    /**
     * {@code {base}/{version}/models/}; a base that already names a version ({@code /v1beta}, {@code /v1}) keeps it.
     */
    static String modelsUrl(URI baseUrl, String version) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return (base.matches(".*/v\\d+(?:alpha|beta)?\\d*$") ? base : base + "/" + version) + "/models/";
    }

    /** The URI of {@code method} ({@code generateContent}, {@code streamGenerateContent?alt=sse}) of a model. */
    public URI uri(String model, String method) {
        String name = model.startsWith("models/") ? model.substring("models/".length()) : model;
        return URI.create(modelsUrl + URLEncoder.encode(name, StandardCharsets.UTF_8) + ":" + method);
    }

    /** A non-streamed call within {@code budget}. */
    public GenerateContentResponse generateContent(String model, GenerateContentRequest body, CallBudget budget) {
        return http.call(request(uri(model, "generateContent"), body, false), budget, GenerateContentResponse.class,
                "response");
    }

    /**
     * A streamed call: {@code onChunk} gets each chunk on the calling thread as its frame arrives, until the body
     * ends, within {@code budget} (the first chunk within its first-token limit).
     */
    public void streamGenerateContent(String model, GenerateContentRequest body, CallBudget budget,
                                      Consumer<GenerateContentResponse> onChunk) {
        http.stream(request(uri(model, "streamGenerateContent?alt=sse"), body, true), budget,
                chunks -> new GeminiStreamDecoder(codec, chunks), onChunk);
    }

    /** {@code :embedContent}: one text's vector, within {@code budget}. */
    public EmbedContentResponse embedContent(String model, EmbedContentRequest body, CallBudget budget) {
        return http.call(request(uri(model, "embedContent"), body, false), budget, EmbedContentResponse.class,
                "embedding");
    }

    /** {@code :batchEmbedContents}: several texts' vectors in one call, within {@code budget}. */
    public BatchEmbedContentsResponse batchEmbedContents(String model, BatchEmbedContentsRequest body,
                                                         CallBudget budget) {
        return http.call(request(uri(model, "batchEmbedContents"), body, false), budget,
                BatchEmbedContentsResponse.class, "embeddings");
    }

    private HttpRequest.Builder request(URI uri, Object body, boolean stream) {
        HttpRequest.Builder builder = http.post(uri, body, stream);
        if (apiKey != null) {
            builder.header("x-goog-api-key", apiKey);
        }
        return builder;
    }

    @Override
    public void close() {
        http.close();
    }
}
