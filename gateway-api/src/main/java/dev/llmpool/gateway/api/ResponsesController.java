package dev.llmpool.gateway.api;

import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.jobs.JobIds;
import dev.llmpool.gateway.responses.ResponseObject;
import dev.llmpool.gateway.responses.ResponseStreamEvent;
import dev.llmpool.gateway.responses.ResponsesMapper;
import dev.llmpool.gateway.responses.ResponsesRequestReader;
import dev.llmpool.gateway.responses.ResponsesStreamTranslator;
import dev.llmpool.gateway.responses.StoredResponses;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.schemas.envelope.Api;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * OpenAI's Responses API: {@code POST /v1/responses} (plain, and {@code stream: true} with its typed events) and
 * {@code GET /v1/responses/{id}}. The body (after the conversation of {@code previous_response_id}, when named) is
 * read into a chat request ({@link ResponsesRequestReader}), checked as chat requests are, run as a job of the pool
 * naming the Responses API ({@link TranslatedChats}) and answered as a response ({@link ResponsesMapper},
 * {@link ResponsesStreamTranslator}); unless {@code store: false}, the response and its conversation are kept
 * ({@link StoredResponses}). Errors in OpenAI's shape.
 */
@RestController
public class ResponsesController {

    private static final Logger log = LoggerFactory.getLogger(ResponsesController.class);
    static final String ID_PREFIX = "resp_";

    private final ChatRequestValidator validator;
    private final ResponsesRequestReader reader;
    private final ResponsesMapper mapper;
    private final TranslatedChats chats;
    private final StoredResponses stored;
    private final JsonCodec codec;
    private final Clock clock;

    public ResponsesController(ChatRequestValidator validator, TranslatedChats chats, StoredResponses stored,
                               JsonCodec codec, Clock clock) {
        this.validator = validator;
        this.reader = new ResponsesRequestReader(codec);
        this.mapper = new ResponsesMapper(codec);
        this.chats = chats;
        this.stored = stored;
        this.codec = codec;
        this.clock = clock;
    }

    @PostMapping(path = "/v1/responses", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public ResponseEntity<byte[]> create(@RequestBody byte[] raw, HttpServletRequest request,
                                         HttpServletResponse response) {
        RequestTags.endpoint(request, "responses");
        JsonNode body = validator.parseObject(raw);
        Caller caller = Caller.of(request);
        String previousId = ResponsesRequestReader.previousResponseId(body);
        ArrayNode history = codec.mapper().createArrayNode();
        if (previousId != null) {
            history = stored.find(previousId).filter(s -> caller.sees(s.tenant())).orElseThrow(() -> new ApiException(404, "Previous response with id '"
                    + previousId + "' not found.", ApiException.INVALID_REQUEST, "previous_response_id",
                    "previous_response_not_found")).conversation();
        }
        Instant now = clock.instant();
        String id = caller.jobId(request.getHeader(ClientHeaders.JOB_ID),
                request.getHeader(ClientHeaders.IDEMPOTENCY_KEY), () -> JobIds.newId(ID_PREFIX));
        ResponsesRequestReader.Read read = reader.read(body, history, id, now.getEpochSecond());
        ChatRequestValidator.ValidChat chat = validator.validate(read.chat(), "", null);
        TranslatedChats.Ask ask = chats.ask(id, caller, Api.RESPONSES, chat, request, now);
        if (chat.body().streaming()) {
            Events events = new Events(new ResponsesStreamTranslator(read.response(), mapper), new SseWriter(response));
            try {
                RequestTags.outcome(request, chats.stream(ask, response, events));
                ResponseObject done = events.translator.completed();
                if (done != null && read.store()) {
                    ArrayNode conversation = conversation(history, read);
                    conversation.add(mapper.assistantMessage(events.translator.assembled()));
                    stored.store(done, conversation, caller.tenant());
                }
            } catch (IOException e) {
                RequestTags.outcome(request, RequestTags.CLIENT_CLOSED);
                log.debug("Client left the stream of {}: {}", id, e.toString());
            }
            return null;
        }
        TranslatedChats.Answer answer = chats.complete(ask, response);
        ResponseObject done = mapper.complete(read.response(), answer.completion(), answer.model());
        if (read.store()) {
            ArrayNode conversation = conversation(history, read);
            conversation.add(mapper.assistantMessage(answer.completion()));
            stored.store(done, conversation, caller.tenant());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(codec.toBytes(done));
    }

    @GetMapping("/v1/responses/{id}")
    public ResponseEntity<byte[]> get(@PathVariable("id") String id, HttpServletRequest request) {
        RequestTags.endpoint(request, "responses.get");
        Caller caller = Caller.of(request);
        JsonNode found = stored.find(id).filter(s -> caller.sees(s.tenant())).map(StoredResponses.Stored::response)
                .orElseThrow(() -> new ApiException(404,
                "Response with id '" + id + "' not found.", ApiException.INVALID_REQUEST, "id", "not_found"));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(codec.toBytes(found));
    }

    private ArrayNode conversation(ArrayNode history, ResponsesRequestReader.Read read) {
        ArrayNode conversation = codec.mapper().createArrayNode();
        conversation.addAll(history);
        conversation.addAll(read.input());
        return conversation;
    }

    /** The Responses stream: each chunk's typed events as {@code event: <type>}, comments while idle. */
    private final class Events implements TranslatedChats.Shaped {

        private final ResponsesStreamTranslator translator;
        private final SseWriter sse;

        Events(ResponsesStreamTranslator translator, SseWriter sse) {
            this.translator = translator;
            this.sse = sse;
        }

        @Override
        public void chunks(List<ChatCompletionChunk> chunks) throws IOException {
            for (ChatCompletionChunk chunk : chunks) {
                write(translator.onChunk(chunk));
            }
        }

        @Override
        public void keepAlive() throws IOException {
            write(translator.begin());
            sse.comment("keep-alive");
        }

        @Override
        public void failed(ApiException error) throws IOException {
            ResponseStreamEvent event = translator.error(error.body().error().code(), error.getMessage());
            sse.event(null, event.type(), codec.toJson(event));
        }

        @Override
        public boolean opened() {
            return sse.opened();
        }

        private void write(List<ResponseStreamEvent> events) throws IOException {
            for (ResponseStreamEvent event : events) {
                sse.event(null, event.type(), codec.toJson(event));
            }
        }
    }
}
