package dev.llmpool.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.batch.FileObject;
import dev.llmpool.core.files.FileStore;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.testing.PoolInfra;
import dev.llmpool.testing.S3Server;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Files API over an S3-compatible store ({@code llmpool.files.store=s3}) on a real S3 server (S3Proxy): upload
 * (multipart, streamed into a multipart S3 upload), download, delete, and a file over the byte limit refused with
 * nothing kept.
 */
@SpringBootTest(classes = FilesApiS3IT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.threads.virtual.enabled=true", "llmpool.files.store=s3",
                "llmpool.files.s3.bucket=llmpool-files-it", "llmpool.files.s3.prefix=gateway/",
                "llmpool.files.max-bytes=12MB"})
class FilesApiS3IT {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        PoolInfra.shared().register(registry);
        registry.add("llmpool.files.s3.endpoint", () -> S3Server.shared().endpoint().toString());
        registry.add("llmpool.files.s3.access-key", () -> S3Server.ACCESS_KEY);
        registry.add("llmpool.files.s3.secret-key", () -> S3Server.SECRET_KEY);
    }

    @LocalServerPort
    int port;

    @Autowired
    FileStore store;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonCodec json = new JsonCodec();

    private HttpResponse<String> upload(byte[] content) throws Exception {
        String boundary = "----llmpool" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/files"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aFileIsUploadedToTheS3StoreDownloadedWholeAndDeleted() throws Exception {
        // over the 8 MB part size: the upload goes to S3 as a multipart upload of two parts
        StringBuilder lines = new StringBuilder();
        for (int i = 0; lines.length() < 9 * 1024 * 1024; i++) {
            lines.append("{\"custom_id\":\"").append(i).append("\",\"body\":\"").append("x".repeat(1000))
                    .append("\"}\n");
        }
        byte[] content = lines.toString().getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> uploaded = upload(content);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        JsonNode file = json.readTree(uploaded.body());
        String id = file.get("id").asString();
        assertThat(file.get("bytes").asLong()).isEqualTo(content.length);
        assertThat(file.get("purpose").asString()).isEqualTo("batch");
        assertThat(store.describe()).startsWith("s3://llmpool-files-it/gateway/");
        assertThat(store.size(FileObject.storageKey(id))).contains((long) content.length);

        HttpResponse<byte[]> downloaded = send("GET", "/v1/files/" + id + "/content");
        assertThat(downloaded.statusCode()).isEqualTo(200);
        assertThat(downloaded.body()).isEqualTo(content);

        HttpResponse<byte[]> deleted = send("DELETE", "/v1/files/" + id);
        assertThat(json.readTree(deleted.body()).get("deleted").asBoolean()).isTrue();
        assertThat(store.size(FileObject.storageKey(id))).isEmpty();
        assertThat(send("GET", "/v1/files/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aFileOverTheByteLimitIsRefusedWith413AndNothingIsKept() throws Exception {
        HttpResponse<String> refused = upload(new byte[13 * 1024 * 1024]);
        assertThat(refused.statusCode()).isEqualTo(413);
        JsonNode error = json.readTree(refused.body()).get("error");
        assertThat(error.get("code").asString()).isEqualTo("file_too_large");
        assertThat(error.get("message").asString()).contains("llmpool.files.max-bytes");
    }
}
