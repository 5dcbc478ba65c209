package dev.llmpool.gateway.error;

/** The Files and Batch APIs' own failures, as {@link ApiException}s in OpenAI's words. */
public final class BatchApiErrors {

    private BatchApiErrors() {
    }

    public static ApiException fileNotFound(String id) {
        return new ApiException(404, "No such File object: " + id, ApiException.INVALID_REQUEST, "id",
                "file_not_found");
    }

    public static ApiException batchNotFound(String id) {
        return new ApiException(404, "No batch found with id '" + id + "'.", ApiException.INVALID_REQUEST, "id",
                "batch_not_found");
    }

    /** 413: a file over {@code llmpool.files.max-bytes}; nothing was kept. */
    public static ApiException fileTooLarge(long limit) {
        return new ApiException(413, "The file is larger than the limit" + (limit < 0 ? "" : " of " + limit
                + " bytes") + " (llmpool.files.max-bytes); nothing was stored.", ApiException.INVALID_REQUEST,
                "file", "file_too_large");
    }

    /** 400: a batch input over {@code llmpool.batch.max-lines}; nothing was kept. */
    public static ApiException tooManyLines(int limit) {
        return ApiException.invalidRequest("The file has more than " + limit + " lines, the limit of a batch "
                + "(llmpool.batch.max-lines); nothing was stored.", "file", "too_many_lines");
    }

    public static ApiException inputFileNotFound(String id) {
        return ApiException.invalidRequest("The input file '" + id + "' does not exist.", "input_file_id",
                "file_not_found");
    }

    public static ApiException notCancellable(String id, String status) {
        return ApiException.invalidRequest("The batch " + id + " is " + status + " and can no longer be cancelled.",
                "id", "batch_not_cancellable");
    }

    public static ApiException notRetriable(String id, String why) {
        return ApiException.invalidRequest("The batch " + id + " cannot be retried: " + why, "id",
                "batch_not_retriable");
    }
}
