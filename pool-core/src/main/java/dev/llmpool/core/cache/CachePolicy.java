package dev.llmpool.core.cache;

import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.openai.ChatCompletionRequest;

/** Which requests may be read from and written to the exact-match cache. Pure. */
public final class CachePolicy {

    private CachePolicy() {
    }

    /** {@link #mayRead(CacheControl, ChatCompletionRequest)} for a job: an embeddings job's answer is deterministic. */
    public static boolean mayRead(JobRequest request) {
        return request.embeds() ? request.cache().mode() != CacheControl.Mode.BYPASS
                && request.cache().mode() != CacheControl.Mode.REFRESH : mayRead(request.cache(), request.body());
    }

    /** {@link #mayWrite(CacheControl, ChatCompletionRequest)} for a job: an embeddings job's answer is deterministic. */
    public static boolean mayWrite(JobRequest request) {
        return request.embeds() ? request.cache().mode() != CacheControl.Mode.BYPASS
                : mayWrite(request.cache(), request.body());
    }

    /** Reading is allowed for a deterministic request in {@code auto} mode, or any request in {@code force}. */
    public static boolean mayRead(CacheControl control, ChatCompletionRequest body) {
        return switch (control.mode()) {
            case BYPASS, REFRESH -> false;
            case FORCE -> true;
            case AUTO -> deterministic(body);
        };
    }

    /** Writing is allowed unless bypassed; {@code auto} writes only deterministic requests. */
    public static boolean mayWrite(CacheControl control, ChatCompletionRequest body) {
        return switch (control.mode()) {
            case BYPASS -> false;
            case FORCE -> true;
            case AUTO, REFRESH -> deterministic(body);
        };
    }

    /** Temperature 0 and one choice: the same request should give the same answer. */
    public static boolean deterministic(ChatCompletionRequest body) {
        return body.temperature() != null && body.temperature() == 0.0 && (body.n() == null || body.n() <= 1);
    }
}
