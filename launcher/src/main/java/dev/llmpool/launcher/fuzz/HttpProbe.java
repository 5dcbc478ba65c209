package dev.llmpool.launcher.fuzz;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One hostile HTTP request.
 *
 * @param kind        what kind of bad input it is (the report's rows)
 * @param method      the request line's method, sent as it is
 * @param target      the request line's target, sent as it is (it may hold bytes no URI allows)
 * @param version     the request line's protocol, sent as it is (empty: none)
 * @param headers     headers as {@code name: value} lines, sent as they are; {@code Host}, {@code Connection} and the
 *                    body's length are added unless present
 * @param body        what follows the headers
 * @param mayBeValid  whether the request may in fact be valid, so a 2xx answer is right too
 * @param alsoAllowed statuses beyond 4xx and 503 that are a right answer to it (in the OpenAI error shape)
 * @param setup       requests sent first, in order, on their own connections (each must be answered 2xx), e.g. the
 *                    first use of an idempotency key
 */
public record HttpProbe(String kind, String method, String target, String version, List<String> headers,
                        HttpBody body, boolean mayBeValid, Set<Integer> alsoAllowed, List<HttpProbe> setup) {

    public HttpProbe {
        headers = List.copyOf(headers);
        alsoAllowed = Set.copyOf(alsoAllowed);
        setup = List.copyOf(setup);
    }

    static HttpProbe of(String kind, String method, String target, List<String> headers, HttpBody body) {
        return new HttpProbe(kind, method, target, "HTTP/1.1", headers, body, false, Set.of(), List.of());
    }

    HttpProbe maybeValid() {
        return new HttpProbe(kind, method, target, version, headers, body, true, alsoAllowed, setup);
    }

    HttpProbe allowing(int status) {
        Set<Integer> allowed = new HashSet<>(alsoAllowed);
        allowed.add(status);
        return new HttpProbe(kind, method, target, version, headers, body, mayBeValid, allowed, setup);
    }

    HttpProbe withVersion(String protocol) {
        return new HttpProbe(kind, method, target, protocol, headers, body, mayBeValid, alsoAllowed, setup);
    }

    HttpProbe after(HttpProbe first) {
        List<HttpProbe> all = new ArrayList<>(setup);
        all.add(first);
        return new HttpProbe(kind, method, target, version, headers, body, mayBeValid, alsoAllowed, all);
    }

    boolean hasHeader(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return headers.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix));
    }
}
