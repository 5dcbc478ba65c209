package dev.llmpool.gateway.api;

import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.gateway.pipelines.SummaryPipelines;
import dev.llmpool.gateway.pipelines.SummaryView;
import dev.llmpool.schemas.json.JsonCodec;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Summarization pipelines (an extension): {@code POST /v1/pipelines/summarize} (a document, 202 with its id at once)
 * and {@code GET /v1/pipelines/summarize/{id}} (queued, running with chunks and calls done, completed with the
 * result, failed with the error), the HTTP form of {@code llm.summarize.requests}.
 */
@RestController
public class PipelinesController {

    private final ChatRequestValidator validator;
    private final SummaryPipelines pipelines;
    private final JsonCodec codec;

    public PipelinesController(ChatRequestValidator validator, SummaryPipelines pipelines, JsonCodec codec) {
        this.validator = validator;
        this.pipelines = pipelines;
        this.codec = codec;
    }

    @PostMapping(path = "/v1/pipelines/summarize", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public ResponseEntity<byte[]> create(@RequestBody byte[] raw, HttpServletRequest request) {
        RequestTags.endpoint(request, "pipelines.summarize.create");
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON)
                .body(codec.toBytes(SummaryView.of(pipelines.accept(validator.parseObject(raw), Caller.of(request)), codec)));
    }

    @GetMapping("/v1/pipelines/summarize/{id}")
    public ResponseEntity<byte[]> retrieve(@PathVariable("id") String id, HttpServletRequest request) {
        RequestTags.endpoint(request, "pipelines.summarize.retrieve");
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(codec.toBytes(SummaryView.of(
                pipelines.find(id, Caller.of(request)).orElseThrow(() -> ApiException.pipelineNotFound(id)), codec)));
    }
}
