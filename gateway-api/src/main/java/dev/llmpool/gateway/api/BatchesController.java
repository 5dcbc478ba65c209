package dev.llmpool.gateway.api;

import dev.llmpool.core.batch.BatchProperties;
import dev.llmpool.core.batch.BatchRecord;
import dev.llmpool.core.batch.BatchRecords;
import dev.llmpool.gateway.batches.BatchCreateRequest;
import dev.llmpool.gateway.batches.BatchRetry;
import dev.llmpool.gateway.batches.Batches;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.schemas.json.JsonCodec;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAI Batch API: {@code POST /v1/batches}, {@code GET /v1/batches/{id}}, {@code GET /v1/batches}
 * ({@code limit}, {@code after}), {@code POST /v1/batches/{id}/cancel}, and the pool's extension
 * {@code POST /v1/batches/{id}/retry} (a new batch of the lines that did not complete).
 */
@RestController
public class BatchesController {

    private final Batches batches;
    private final BatchRetry retry;
    private final BatchRecords records;
    private final ChatRequestValidator validator;
    private final JsonCodec codec;
    private final Duration minWindow;
    private final Duration maxWindow;

    public BatchesController(Batches batches, BatchRetry retry, BatchRecords records, ChatRequestValidator validator,
                             JsonCodec codec, BatchProperties properties) {
        this.batches = batches;
        this.retry = retry;
        this.records = records;
        this.validator = validator;
        this.codec = codec;
        this.minWindow = properties.minCompletionWindow();
        this.maxWindow = properties.maxCompletionWindow();
    }

    @PostMapping(path = "/v1/batches", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public ResponseEntity<byte[]> create(@RequestBody byte[] raw, HttpServletRequest request) {
        RequestTags.endpoint(request, "batches.create");
        return json(batches.create(BatchCreateRequest.parse(validator.parseObject(raw), minWindow, maxWindow),
                Caller.of(request)));
    }

    @GetMapping("/v1/batches/{id}")
    public ResponseEntity<byte[]> retrieve(@PathVariable("id") String id, HttpServletRequest request) {
        RequestTags.endpoint(request, "batches.retrieve");
        return json(batches.find(id, Caller.of(request)));
    }

    @GetMapping("/v1/batches")
    public ResponseEntity<byte[]> list(@RequestParam(name = "limit", defaultValue = "20") int limit,
                                       @RequestParam(name = "after", required = false) String after,
                                       HttpServletRequest request) {
        RequestTags.endpoint(request, "batches.list");
        if (limit < 1 || limit > 100) {
            throw ApiException.invalidValue("limit", "it must be between 1 and 100.");
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(codec.toBytes(
                records.list(listed(Caller.of(request)), after, limit).map(batch -> batch.toObject(codec))));
    }

    @PostMapping("/v1/batches/{id}/cancel")
    public ResponseEntity<byte[]> cancel(@PathVariable("id") String id, HttpServletRequest request) {
        RequestTags.endpoint(request, "batches.cancel");
        return json(batches.cancel(id, Caller.of(request)));
    }

    @PostMapping("/v1/batches/{id}/retry")
    public ResponseEntity<byte[]> retry(@PathVariable("id") String id, HttpServletRequest request) {
        RequestTags.endpoint(request, "batches.retry");
        return json(retry.retry(id, Caller.of(request)));
    }

    /** Whose batches a list shows: a tenant's own, else every batch. */
    static String listed(Caller caller) {
        return caller.tenant();
    }

    private ResponseEntity<byte[]> json(BatchRecord batch) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(codec.toBytes(batch.toObject(codec)));
    }
}
