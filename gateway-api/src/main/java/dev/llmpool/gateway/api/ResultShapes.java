package dev.llmpool.gateway.api;

import dev.llmpool.gateway.anthropic.MessagesMapper;
import dev.llmpool.schemas.openai.EmbeddingsAnswer;
import dev.llmpool.gateway.responses.ResponseObject;
import dev.llmpool.gateway.responses.ResponsesMapper;
import dev.llmpool.schemas.envelope.Api;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.json.JsonCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A finished job's answer in the shape of the API it came through ({@code api} of its request), for the job API
 * ({@code GET /v1/jobs/{id}}): the result's {@code response} stays the chat completion for Chat Completions jobs and
 * becomes an Anthropic message for Messages jobs and a response for Responses jobs, each by the same mapper the
 * API's own endpoint answers with; an embeddings job's {@code embeddings} are OpenAI's list. Pure.
 */
public final class ResultShapes {

    private final JsonCodec codec;
    private final MessagesMapper messages;
    private final ResponsesMapper responses;
    private final EmbeddingsAnswer embeddings;

    public ResultShapes(JsonCodec codec) {
        this.codec = codec;
        this.messages = new MessagesMapper(codec);
        this.responses = new ResponsesMapper(codec);
        this.embeddings = new EmbeddingsAnswer(codec);
    }

    /** The stored result JSON with its answer in {@code api}'s shape; unchanged for chat and for failures. */
    public JsonNode shape(Api api, JsonNode resultJson) {
        if (api == null || api == Api.CHAT_COMPLETIONS || resultJson == null || !resultJson.isObject()) {
            return resultJson;
        }
        JobResult result = codec.fromTree(resultJson, JobResult.class);
        ObjectNode shaped = ((ObjectNode) resultJson).deepCopy();
        String model = result.model();
        switch (api) {
            case MESSAGES -> {
                if (result.response() != null) {
                    shaped.set("response", codec.tree(messages.toMessage(result.response(),
                            result.correlationId(), model)));
                }
            }
            case RESPONSES -> {
                if (result.response() != null) {
                    ResponseObject started = ResponseObject.started(result.correlationId(),
                            result.createdAt() == null ? 0 : result.createdAt().getEpochSecond(), model).build();
                    shaped.set("response", codec.tree(responses.complete(started, result.response(), model)));
                }
            }
            case EMBEDDINGS -> {
                if (result.embeddings() != null) {
                    shaped.set("embeddings", embeddings.body(result.embeddings(), model, false));
                }
            }
            default -> {
                // chat completions: as stored
            }
        }
        shaped.put("api", api.json());
        return shaped;
    }
}
