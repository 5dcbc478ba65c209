package dev.llmpool.gateway.api;

import dev.llmpool.core.batch.BatchIds;
import dev.llmpool.core.batch.FileObject;
import dev.llmpool.core.batch.FileRecords;
import dev.llmpool.core.files.FileStore;
import dev.llmpool.gateway.batches.FileUploads;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.error.BatchApiErrors;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.schemas.json.JsonCodec;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAI Files API: {@code POST /v1/files} (multipart {@code file} and {@code purpose=batch}, streamed into the
 * file store; the servlet container keeps the part on disk, never in memory, and it is deleted once copied),
 * {@code GET /v1/files} ({@code purpose}, {@code limit}, {@code after}, {@code order}), {@code GET /v1/files/{id}},
 * {@code DELETE /v1/files/{id}} and {@code GET /v1/files/{id}/content} (streamed).
 */
@RestController
public class FilesController {

    private final FileUploads uploads;
    private final FileRecords records;
    private final FileStore store;
    private final JsonCodec codec;

    public FilesController(FileUploads uploads, FileRecords records, FileStore store, JsonCodec codec) {
        this.uploads = uploads;
        this.records = records;
        this.store = store;
        this.codec = codec;
    }

    @PostMapping(path = "/v1/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<byte[]> upload(HttpServletRequest request) {
        RequestTags.endpoint(request, "files.create");
        String purpose = request.getParameter("purpose");
        if (purpose == null || purpose.isBlank()) {
            throw ApiException.missingParameter("purpose");
        }
        if (!FileObject.PURPOSE_BATCH.equals(purpose)) {
            throw ApiException.invalidValue("purpose", "'" + purpose + "' is not supported; the pool keeps files "
                    + "of purpose 'batch'.");
        }
        Part part = part(request);
        try {
            if (part.getSize() > uploads.maxBytes()) {
                throw BatchApiErrors.fileTooLarge(uploads.maxBytes());
            }
            String filename = part.getSubmittedFileName() == null ? "upload.jsonl" : part.getSubmittedFileName();
            try (InputStream in = part.getInputStream()) {
                return json(uploads.store(in, filename, purpose, Caller.of(request).tenant()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the upload", e);
        } finally {
            try {
                part.delete();
            } catch (IOException ignored) {
                // the container removes its temporary files at the end of the request anyway
            }
        }
    }

    private static Part part(HttpServletRequest request) {
        Part part;
        try {
            part = request.getPart("file");
        } catch (IOException | ServletException e) {
            throw ApiException.invalidRequest("The multipart body could not be read: " + e.getMessage(), "file",
                    "invalid_multipart");
        }
        if (part == null) {
            throw ApiException.missingParameter("file");
        }
        return part;
    }

    @GetMapping("/v1/files")
    public ResponseEntity<byte[]> list(@RequestParam(name = "purpose", required = false) String purpose,
                                       @RequestParam(name = "limit", defaultValue = "10000") int limit,
                                       @RequestParam(name = "after", required = false) String after,
                                       @RequestParam(name = "order", defaultValue = "desc") String order,
                                       HttpServletRequest request) {
        RequestTags.endpoint(request, "files.list");
        if (limit < 1 || limit > 10_000) {
            throw ApiException.invalidValue("limit", "it must be between 1 and 10000.");
        }
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalidValue("order", "it must be 'asc' or 'desc'.");
        }
        if (purpose != null && !FileRecords.PURPOSES.contains(purpose)) {
            return json(dev.llmpool.core.batch.ListPage.of(java.util.List.of(), false, FileObject::id));
        }
        return json(records.list(Caller.of(request).tenant(), purpose, after, limit, order.equals("asc")));
    }

    @GetMapping("/v1/files/{id}")
    public ResponseEntity<byte[]> retrieve(@PathVariable("id") String id, HttpServletRequest request) {
        RequestTags.endpoint(request, "files.retrieve");
        return json(find(id, request));
    }

    @DeleteMapping("/v1/files/{id}")
    public ResponseEntity<byte[]> delete(@PathVariable("id") String id, HttpServletRequest request) {
        RequestTags.endpoint(request, "files.delete");
        FileObject file = find(id, request);
        store.delete(file.storageKey());
        records.delete(id);
        return json(Map.of("id", id, "object", FileObject.OBJECT, "deleted", true));
    }

    @GetMapping("/v1/files/{id}/content")
    public void content(@PathVariable("id") String id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        RequestTags.endpoint(request, "files.content");
        FileObject file = find(id, request);
        InputStream in = store.open(file.storageKey()).orElseThrow(() -> BatchApiErrors.fileNotFound(id));
        try (in) {
            response.setStatus(200);
            response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
            response.setContentLengthLong(file.bytes());
            response.setHeader("Content-Disposition", "attachment; filename=\"" + file.filename()
                    .replace("\"", "") + "\"");
            in.transferTo(response.getOutputStream());
        }
    }

    /** The file, if the caller may see it (another tenant's file is not found: 404). */
    private FileObject find(String id, HttpServletRequest request) {
        Caller caller = Caller.of(request);
        return (BatchIds.plausible(id, BatchIds.FILE_PREFIX) ? records.find(id) : Optional.<FileObject>empty())
                .filter(file -> caller.sees(records.owner(file.id())))
                .orElseThrow(() -> BatchApiErrors.fileNotFound(id));
    }

    private ResponseEntity<byte[]> json(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(codec.toBytes(body));
    }
}
