package dev.llmpool.gateway.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What a handler tells the request metrics, as request attributes: the endpoint, whether the cache answered, and
 * an outcome when the status alone cannot say it (a stream that ended with an error frame after a 200).
 */
public final class RequestTags {

    static final String ENDPOINT = RequestTags.class.getName() + ".endpoint";
    static final String CACHE = RequestTags.class.getName() + ".cache";
    static final String OUTCOME = RequestTags.class.getName() + ".outcome";

    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";
    public static final String TIMEOUT = "timeout";
    public static final String CLIENT_CLOSED = "client_closed";

    private RequestTags() {
    }

    public static void endpoint(HttpServletRequest request, String endpoint) {
        request.setAttribute(ENDPOINT, endpoint);
    }

    public static void cache(HttpServletRequest request, String cache) {
        request.setAttribute(CACHE, cache);
    }

    public static void outcome(HttpServletRequest request, String outcome) {
        request.setAttribute(OUTCOME, outcome);
    }
}
