package dev.llmpool.batch.lines;

import dev.llmpool.core.batch.BatchIds;
import dev.llmpool.core.batch.LineState;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.EmbeddingsAnswer;
import dev.llmpool.schemas.openai.OpenAiError;
import tools.jackson.databind.JsonNode;

/** The output and error file lines of a batch's lines, from their jobs' results. Pure. */
public final class OutputLines {

    private final JsonCodec codec;
    private final EmbeddingsAnswer embeddings;

    public OutputLines(JsonCodec codec) {
        this.codec = codec;
        this.embeddings = new EmbeddingsAnswer(codec);
    }

    /** How a job's result ends its line: completed with an answer, else failed. */
    public static LineState state(JobResult result) {
        return result.status() == JobStatus.COMPLETED && (result.response() != null || result.embeddings() != null)
                ? LineState.COMPLETED : LineState.FAILED;
    }

    /** The line of a job that ended: the answer (output file), or the error with its class's status (error file). */
    public OutputLine ran(String batchId, String customId, JobResult result) {
        String id = BatchIds.lineRequestId(batchId, customId);
        if (state(result) == LineState.COMPLETED) {
            return new OutputLine(id, customId, new OutputLine.Response(200, result.correlationId(),
                    answer(result)), null);
        }
        ResultError error = result.error();
        ErrorClass errorClass = error == null || error.errorClass() == null ? ErrorClass.INTERNAL : error.errorClass();
        OpenAiError body = OpenAiError.of(error == null || error.message() == null ? "The request failed."
                        : error.message(), error == null || error.type() == null ? errorClass.openAiType() : error.type(),
                null, error == null || error.code() == null ? errorClass.code() : error.code());
        return new OutputLine(id, customId, new OutputLine.Response(errorClass.httpStatus(), result.correlationId(),
                codec.tree(body)), null);
    }

    /**
     * The line of a request its budget had no room for (never published): 429 with OpenAI's error body, code
     * {@code budget_exceeded}, as the gateway answers an interactive request, its request id the job it would have been.
     */
    public OutputLine overBudget(String batchId, String customId, String message) {
        return new OutputLine(BatchIds.lineRequestId(batchId, customId), customId, new OutputLine.Response(429,
                BatchIds.lineJobId(batchId, customId), codec.tree(OpenAiError.of(message, "insufficient_quota", null,
                "budget_exceeded"))), null);
    }

    /** The answer as the line asked for it: a chat completion, or embeddings as floats or base64. */
    private JsonNode answer(JobResult result) {
        if (result.response() != null) {
            return codec.tree(result.response());
        }
        boolean base64 = result.metadata() != null
                && "base64".equals(result.metadata().get(LineJobs.ENCODING_FORMAT));
        return base64 ? embeddings.body(result.embeddings(), result.embeddings().model(), true)
                : codec.tree(result.embeddings());
    }

    /** The line of a request that never ran to an end because the batch expired or was cancelled. */
    public OutputLine neverRan(String batchId, String customId, LineState state) {
        String message = state == LineState.EXPIRED
                ? "This request could not be executed before the completion window expired."
                : "This request was not executed because the batch was cancelled.";
        return new OutputLine(BatchIds.lineRequestId(batchId, customId), customId, null,
                new OutputLine.Error(state.neverRanCode(), message));
    }

    public byte[] bytes(OutputLine line) {
        return codec.toBytes(line);
    }
}
