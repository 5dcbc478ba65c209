package dev.llmpool.gateway.error;

import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.ResultError;
import dev.llmpool.schemas.openai.OpenAiError;
import java.time.Instant;
import java.util.Map;

/**
 * A failure the client sees: an HTTP status and OpenAI's error body. Every gateway error is one of these or is
 * turned into one by {@link OpenAiErrorAdvice}.
 */
public final class ApiException extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request_error";

    private final int status;
    private final OpenAiError body;
    private final Map<String, String> headers;

    public ApiException(int status, String message, String type, String param, String code) {
        this(status, message, type, param, code, Map.of());
    }

    /** @param headers response headers the error goes with ({@code retry-after}, {@code x-ratelimit-*}) */
    public ApiException(int status, String message, String type, String param, String code,
                        Map<String, String> headers) {
        super(message);
        this.status = status;
        this.body = OpenAiError.of(message, type, param, code);
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    /** Response headers the error goes with. */
    public Map<String, String> headers() {
        return headers;
    }

    public OpenAiError body() {
        return body;
    }

    /** 400 {@code invalid_request_error}. */
    public static ApiException invalidRequest(String message, String param, String code) {
        return new ApiException(400, message, INVALID_REQUEST, param, code);
    }

    public static ApiException missingParameter(String param) {
        return invalidRequest("Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
    }

    public static ApiException invalidType(String param, String expected, String got) {
        return invalidRequest("Invalid type for '" + param + "': expected " + expected + ", but got " + got
                + " instead.", param, "invalid_type");
    }

    public static ApiException invalidValue(String param, String message) {
        return invalidRequest("Invalid value for '" + param + "': " + message, param, "invalid_value");
    }

    /** 404 as OpenAI words it for a model that is not in the catalog. */
    public static ApiException modelNotFound(String model) {
        return new ApiException(404, "The model `" + model + "` does not exist or you do not have access to it.",
                INVALID_REQUEST, "model", "model_not_found");
    }

    public static ApiException jobNotFound(String id) {
        return new ApiException(404, "No job found with id '" + id + "'.", INVALID_REQUEST, "id", "job_not_found");
    }

    public static ApiException pipelineNotFound(String id) {
        return new ApiException(404, "No summarization pipeline found with id '" + id + "'.", INVALID_REQUEST, "id",
                "pipeline_not_found");
    }

    /** 409: a pipeline id reused for another document or other options. */
    public static ApiException pipelineConflict(String id) {
        return new ApiException(409, "The pipeline id '" + id + "' was first used for a different request (text, "
                + "file, options, tenant or metadata); an id is bound to the request it first came with until its "
                + "result expires. Send the same request to read it again, or use a new id.", INVALID_REQUEST, "id",
                "pipeline_id_reused");
    }

    /**
     * 409: a job id ({@code x-llmpool-job-id}, {@code Idempotency-Key}) reused for a different request. Payment APIs
     * answer a reused idempotency key the same way: the first request's answer is never handed to another.
     */
    public static ApiException idempotencyConflict(String id) {
        return new ApiException(409, "The job id '" + id + "' (from x-llmpool-job-id or Idempotency-Key) was first "
                + "used for a different request; a key is bound to the request it first came with. Send the same "
                + "request to get its answer again, or use a new key for a new request.", INVALID_REQUEST,
                "x-llmpool-job-id", "idempotency_key_reused");
    }

    /** The answer for a job that ended without an answer: the error class's status, the result's type and code. */
    public static ApiException jobFailed(ResultError error) {
        ErrorClass errorClass = error == null || error.errorClass() == null ? ErrorClass.INTERNAL : error.errorClass();
        String message = error == null || error.message() == null ? "The job failed." : error.message();
        String type = error == null || error.type() == null ? errorClass.openAiType() : error.type();
        String code = error == null || error.code() == null ? errorClass.code() : error.code();
        return new ApiException(errorClass.httpStatus(), message, type, null, code);
    }

    /** 504: the gateway stopped waiting at the job's deadline. */
    public static ApiException deadlineExceeded(String id, Instant deadline) {
        return new ApiException(504, "The job " + id + " did not finish before its deadline (" + deadline + ").",
                ErrorClass.DEADLINE_EXCEEDED.openAiType(), null, ErrorClass.DEADLINE_EXCEEDED.code());
    }

    /**
     * 413: the body is over {@code llmpool.gateway.limits.max-body-size}.
     *
     * @param declared the {@code Content-Length} the client sent, or null when the body was counted as it came
     */
    public static ApiException bodyTooLarge(Long declared, int limit) {
        String size = declared == null ? "The request body is" : "The request body is " + declared + " bytes,";
        return new ApiException(413, size + " over this gateway's limit of " + limit + " bytes. Send a smaller "
                + "body: fewer or shorter messages, images by https URL rather than as data: URLs, or split the work "
                + "into several requests.", INVALID_REQUEST, null, "request_too_large");
    }

    /** 413: the job's envelope would be a Kafka record larger than the producer takes. */
    public static ApiException recordTooLarge(int recordBytes, int limit) {
        return new ApiException(413, "The request makes a job of " + recordBytes + " bytes, over the " + limit
                + " bytes the queue takes in one record. Send a smaller body: fewer or shorter messages, or images "
                + "by https URL rather than as data: URLs.", INVALID_REQUEST, null, "request_too_large");
    }

    /** 413: the broker refused the job's record as too large (its topic takes less than the producer sends). */
    public static ApiException recordRefused(String id, int recordBytes) {
        return new ApiException(413, "The queue refused the job " + id + " (" + recordBytes + " bytes) as too large. "
                + "Send a smaller body: fewer or shorter messages, or images by https URL rather than as data: URLs.",
                INVALID_REQUEST, null, "request_too_large");
    }

    /** 429: the job already has as many followers as one process serves. */
    public static ApiException tooManySubscriptions(String id, int limit) {
        return new ApiException(429, "The job " + id + " is already followed by " + limit + " clients, the most "
                + "this gateway serves at once. Retry when one of them has disconnected, or read the job with GET "
                + "/v1/jobs/" + id + ".", ErrorClass.RATE_LIMITED.openAiType(), null, "too_many_subscriptions");
    }

    /** 503: the job could not be queued. */
    public static ApiException queueUnavailable(String id) {
        return new ApiException(503, "The job " + id + " could not be queued; please retry.", "server_error", null,
                "queue_unavailable");
    }

    /** 503: the pool's Redis is away (down, restarting, or not answering within the command timeout). */
    public static ApiException redisUnavailable() {
        return new ApiException(503, "The pool's Redis is unavailable; retry shortly", "service_unavailable", null,
                "redis_unavailable");
    }

    public static ApiException internal(String message) {
        return new ApiException(500, message, "server_error", null, ErrorClass.INTERNAL.code());
    }
}
