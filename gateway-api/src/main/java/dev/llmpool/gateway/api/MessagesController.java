package dev.llmpool.gateway.api;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.gateway.anthropic.MessagesMapper;
import dev.llmpool.gateway.anthropic.MessagesRequestReader;
import dev.llmpool.gateway.anthropic.MessagesStreamTranslator;
import dev.llmpool.gateway.error.AnthropicError;
import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.gateway.jobs.JobIds;
import dev.llmpool.gateway.tenancy.Caller;
import dev.llmpool.schemas.anthropic.MessageStreamEvent;
import dev.llmpool.schemas.envelope.Api;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic's Messages API, {@code POST /v1/messages} (plain and streamed) and {@code POST /v1/messages/count_tokens}:
 * the body read into a chat request ({@link MessagesRequestReader}), checked as chat requests are (the model a catalog
 * model or a route, of any provider), run as a job of the pool that names the Messages API
 * ({@link TranslatedChats}), and answered in Anthropic's shape ({@link MessagesMapper},
 * {@link MessagesStreamTranslator}); errors in Anthropic's shape ({@code ErrorShape}). {@code anthropic-version} and
 * {@code anthropic-beta} are accepted and not needed. {@code count_tokens} counts with jtokkit's encodings, which
 * approximate Claude's own tokenizer (Anthropic publishes none): expect a count within some percent of Anthropic's.
 */
@RestController
public class MessagesController {

    private static final Logger log = LoggerFactory.getLogger(MessagesController.class);
    static final String ID_PREFIX = "msg_";

    private final ChatRequestValidator validator;
    private final MessagesRequestReader reader;
    private final MessagesMapper mapper;
    private final TranslatedChats chats;
    private final TokenCounter tokens;
    private final JsonCodec codec;
    private final Clock clock;

    public MessagesController(ChatRequestValidator validator, TranslatedChats chats, TokenCounter tokens,
                              JsonCodec codec, Clock clock) {
        this.validator = validator;
        this.reader = new MessagesRequestReader(codec);
        this.mapper = new MessagesMapper(codec);
        this.chats = chats;
        this.tokens = tokens;
        this.codec = codec;
        this.clock = clock;
    }

    @PostMapping(path = "/v1/messages", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public ResponseEntity<byte[]> create(@RequestBody byte[] raw, HttpServletRequest request,
                                         HttpServletResponse response) {
        RequestTags.endpoint(request, "messages");
        ChatRequestValidator.ValidChat chat = validator.validate(reader.toChat(validator.parseObject(raw), false),
                "", null);
        Instant now = clock.instant();
        Caller caller = Caller.of(request);
        String id = caller.jobId(request.getHeader(ClientHeaders.JOB_ID),
                request.getHeader(ClientHeaders.IDEMPOTENCY_KEY), () -> JobIds.newId(ID_PREFIX));
        TranslatedChats.Ask ask = chats.ask(id, caller, Api.MESSAGES, chat, request, now);
        if (chat.body().streaming()) {
            SseWriter sse = new SseWriter(response);
            Events events = new Events(new MessagesStreamTranslator(id, chat.name(), inputTokens(chat)), sse);
            try {
                RequestTags.outcome(request, chats.stream(ask, response, events));
            } catch (IOException e) {
                RequestTags.outcome(request, RequestTags.CLIENT_CLOSED);
                log.debug("Client left the stream of {}: {}", id, e.toString());
            }
            return null;
        }
        TranslatedChats.Answer answer = chats.complete(ask, response);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(codec.toBytes(mapper.toMessage(answer.completion(), id, answer.model())));
    }

    /** {@code {"input_tokens": n}}: the prompt as the pool would send it, counted by jtokkit (an approximation). */
    @PostMapping(path = "/v1/messages/count_tokens",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public ResponseEntity<byte[]> countTokens(@RequestBody byte[] raw, HttpServletRequest request) {
        RequestTags.endpoint(request, "messages.count_tokens");
        JsonNode body = validator.parseObject(raw);
        ChatRequestValidator.ValidChat chat = validator.validate(reader.toChat(body, true), "", null);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(codec.toBytes(Map.of("input_tokens", inputTokens(chat))));
    }

    private int inputTokens(ChatRequestValidator.ValidChat chat) {
        CatalogModel model = chat.model();
        return tokens.countPrompt(chat.body(), model != null ? model.upstream() : chat.name());
    }

    /** The Messages stream: each chunk's events as {@code event: <type>}, {@code ping} while idle. */
    private final class Events implements TranslatedChats.Shaped {

        private final MessagesStreamTranslator translator;
        private final SseWriter sse;

        Events(MessagesStreamTranslator translator, SseWriter sse) {
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
            write(translator.ping());
        }

        @Override
        public void failed(ApiException error) throws IOException {
            sse.event(null, "error", codec.toJson(AnthropicError.of(error)));
        }

        @Override
        public boolean opened() {
            return sse.opened();
        }

        private void write(List<MessageStreamEvent> events) throws IOException {
            for (MessageStreamEvent event : events) {
                sse.event(null, event.type(), codec.toJson(event));
            }
        }
    }
}
