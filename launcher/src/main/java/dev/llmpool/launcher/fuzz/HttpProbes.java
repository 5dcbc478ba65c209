package dev.llmpool.launcher.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the HTTP probes of a run: probe {@code i} of seed {@code s} is always the same request (the run's nonce only
 * keeps the job ids of two runs apart). Each kind has a weight;
 * the costly ones (huge bodies) are rare. Stalled bodies and held subscriptions are not drawn here: the run sends a
 * fixed few of them ({@link #stalled}, {@link SseLimit}). Pure.
 */
public final class HttpProbes {

    static final String CHAT = "/v1/chat/completions";
    static final String JOBS = "/v1/jobs";
    static final String JSON = "Content-Type: application/json";

    /** The kinds drawn at random and their weights. */
    static final Map<String, Integer> WEIGHTS = weights();

    private final long seed;
    private final String nonce;
    private final ChatBodies bodies;
    private final String model;
    private final List<String> drawn;

    /** @param nonce what keeps the job ids of two runs with the same seed apart */
    public HttpProbes(long seed, String nonce, String model, Set<String> skip) {
        this.seed = seed;
        this.nonce = nonce;
        this.bodies = new ChatBodies(model);
        this.model = model;
        List<String> draw = new ArrayList<>();
        WEIGHTS.forEach((kind, weight) -> {
            for (int i = 0; i < weight && !skip.contains(kind); i++) {
                draw.add(kind);
            }
        });
        if (draw.isEmpty()) {
            throw new IllegalArgumentException("every kind of HTTP request is skipped");
        }
        this.drawn = List.copyOf(draw);
    }

    private static Map<String, Integer> weights() {
        Map<String, Integer> w = new LinkedHashMap<>();
        w.put("invalid-json", 6);
        w.put("truncated-json", 6);
        w.put("wrong-types", 6);
        w.put("bad-numbers", 8);
        w.put("bad-enums", 4);
        w.put("bad-job-options", 6);
        w.put("empty-or-not-an-object", 4);
        w.put("huge-body-with-length", 1);
        w.put("huge-body-chunked", 1);
        w.put("many-messages", 2);
        w.put("deep-nesting", 3);
        w.put("nul-bytes", 4);
        w.put("bad-utf8", 5);
        w.put("odd-job-ids", 6);
        w.put("odd-paths", 6);
        w.put("wrong-methods", 5);
        w.put("wrong-content-types", 5);
        w.put("bad-headers", 5);
        w.put("duplicate-headers", 4);
        w.put("oversized-headers", 3);
        w.put("bad-request-line", 3);
        w.put("idempotency-key-reused", 4);
        w.put("unknown-model", 4);
        w.put("bad-event-ids", 2);
        w.put("valid", 3);
        return Collections.unmodifiableMap(w);
    }

    /** The id a probe may give a job: unique to the seed and index. */
    String id(long index, String suffix) {
        return "fz-" + seed + "-" + nonce + "-" + index + suffix;
    }

    public HttpProbe probe(long index) {
        Pick pick = new Pick(seed, index);
        String kind = pick.one(drawn);
        String tag = "fz" + seed + "-" + index;
        return switch (kind) {
            case "invalid-json" -> post(kind, pick.one(CHAT, JOBS), bodies.invalidJson(pick, tag));
            case "truncated-json" -> post(kind, pick.one(CHAT, JOBS), bodies.truncated(pick, tag));
            case "wrong-types" -> post(kind, pick.one(CHAT, JOBS), bodies.wrongTypes(pick, tag));
            case "bad-numbers" -> post(kind, pick.one(CHAT, JOBS), bodies.badNumbers(pick, tag));
            case "bad-enums" -> post(kind, pick.one(CHAT, JOBS), bodies.badEnums(pick, tag));
            case "bad-job-options" -> post(kind, JOBS, bodies.badEnvelope(pick, tag));
            case "empty-or-not-an-object" -> post(kind, pick.one(CHAT, JOBS), bodies.notAnObject(pick));
            case "huge-body-with-length", "huge-body-chunked" -> HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS),
                    List.of(JSON), new HttpBody.Huge(("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"").getBytes(StandardCharsets.US_ASCII),
                            pick.one(9L << 20, 32L << 20, 150L << 20), kind.endsWith("chunked")));
            case "many-messages" -> post(kind, pick.one(CHAT, JOBS), bodies.manyMessages(pick, tag));
            case "deep-nesting" -> post(kind, pick.one(CHAT, JOBS), bodies.deepNesting(pick));
            case "nul-bytes" -> nulBytes(kind, pick, tag);
            case "bad-utf8" -> HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS), List.of(JSON),
                    HttpBody.bytes(bodies.badUtf8(pick, tag)));
            case "odd-job-ids" -> HttpProbe.of(kind, pick.one("GET", "GET", "POST"), JOBS + "/" + oddId(pick)
                    + pick.one("", "/events"), List.of(), new HttpBody.None());
            case "odd-paths" -> oddPath(kind, pick);
            case "wrong-methods" -> wrongMethod(kind, pick, tag);
            case "wrong-content-types" -> wrongContentType(kind, pick, tag);
            case "bad-headers" -> badHeader(kind, pick, tag);
            case "duplicate-headers" -> duplicateHeaders(kind, pick, tag);
            case "oversized-headers" -> oversizedHeaders(kind, pick, tag);
            case "bad-request-line" -> badRequestLine(kind, pick);
            case "idempotency-key-reused" -> idempotencyReuse(kind, pick, index, tag);
            case "unknown-model" -> post(kind, pick.one(CHAT, JOBS), bodies.unknownModel(pick, tag));
            case "bad-event-ids" -> badEventId(kind, pick, index, tag);
            case "valid" -> post(kind, pick.one(CHAT, JOBS), bodies.valid(pick, tag)).maybeValid();
            default -> throw new IllegalStateException("no kind " + kind);
        };
    }

    /** A request whose body announces more than it sends, and then stops. */
    public HttpProbe stalled(long index) {
        Pick pick = new Pick(seed, -1 - index);
        byte[] head = bodies.valid(pick, "stalled").substring(0, 20).getBytes(StandardCharsets.UTF_8);
        return HttpProbe.of("stalled-body", "POST", pick.one(CHAT, JOBS), List.of(JSON),
                new HttpBody.Stalled(head, pick.one(1000L, 100_000L)));
    }

    private static HttpProbe post(String kind, String path, String body) {
        return HttpProbe.of(kind, "POST", path, List.of(JSON), HttpBody.json(body));
    }

    private HttpProbe nulBytes(String kind, Pick pick, String tag) {
        byte[] body = bodies.nulBytes(pick, tag);
        HttpProbe probe = HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS), List.of(JSON), HttpBody.bytes(body));
        if (pick.chance(0.2)) {
            probe = HttpProbe.of(kind, "GET", JOBS + "/abc%00def", List.of("x-llmpool-job-id: a\u0000b"),
                    new HttpBody.None());
        }
        return ChatBodies.validNuls(body) && probe.method().equals("POST") ? probe.maybeValid() : probe;
    }

    private static String oddId(Pick pick) {
        return pick.one("x%2Fy", "..", "%2e%2e", ".", "a%2F..%2Fb", "%00", "%C0%AF", "%C0%AE%C0%AE",
                new String("\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
                "%F0%9F%98%80", "j".repeat(pick.one(129, 10_000)), "%", "%zz", "job-%3B", "%3F", "%23",
                "%20leading", "a%5Cb", "%FF%FE", "%E2%80%AE" + "gnp.exe", "CON", "~", "-".repeat(129));
    }

    private HttpProbe oddPath(String kind, Pick pick) {
        String path = pick.one("/v1/chat/completions/", "//v1/jobs", "/v1/./jobs", "/V1/JOBS", "/v1/jobs%2F",
                "/%2e%2e/%2e%2e/etc/passwd", "/v1/%2e%2e/v1/jobs", "/v1/" + "a".repeat(pick.one(5_000, 100_000)),
                "/error", "/v1/jobs/", "/v1;jsessionid=1/models", "/v1/chat%2Fcompletions", "/v1/models/x%2Fy",
                "/v2/chat/completions", "/v1/jobs/%C0%AF", "/v1/jobs/x/events/y", "/.env", "/%00",
                "/v1/jobs?x=" + "%".repeat(10), "/v1/embeddings", "/actuator/..%2F..%2Fv1");
        String method = path.startsWith("/v1/chat") || path.equals("//v1/jobs") || path.equals("/v1/jobs/")
                ? "POST" : "GET";
        HttpProbe probe = HttpProbe.of(kind, method, path, List.of(JSON),
                method.equals("POST") ? HttpBody.json(bodies.plain("odd path")) : new HttpBody.None());
        // a path parameter is no part of the path (RFC 3986): this is /v1/models
        return path.contains(";jsessionid") ? probe.maybeValid() : probe;
    }

    private HttpProbe wrongMethod(String kind, Pick pick, String tag) {
        String method = pick.one("PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "FOO", "GET", "POST", "CONNECT");
        String path = pick.one(CHAT, JOBS, JOBS + "/" + id(0, "-none"), "/v1/models");
        boolean valid = method.equals("GET") && (path.equals("/v1/models")) || method.equals("POST")
                && (path.equals(CHAT) || path.equals(JOBS));
        if (valid) {
            method = "DELETE";
        }
        boolean body = !method.equals("GET") && !method.equals("TRACE");
        return HttpProbe.of(kind, method, path, body ? List.of(JSON) : List.of(),
                body ? HttpBody.json(bodies.plain(tag)) : new HttpBody.None());
    }

    private HttpProbe wrongContentType(String kind, Pick pick, String tag) {
        String body = bodies.plain(tag);
        return switch (pick.between(0, 7)) {
            case 0 -> HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS), List.of("Content-Type: text/plain"),
                    HttpBody.json(body));
            case 1 -> HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS), List.of("Content-Type: application/xml"),
                    HttpBody.json("<chat><model>x</model></chat>"));
            case 2 -> HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS),
                    List.of("Content-Type: application/x-www-form-urlencoded"), HttpBody.json("model=x&messages=y"));
            case 3 -> HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS),
                    List.of("Content-Type: multipart/form-data; boundary=zz"),
                    HttpBody.json("--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" + body + "\r\n--zz--"));
            case 4 -> HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS), List.of(), HttpBody.json(body));
            case 5 -> HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS),
                    List.of("Content-Type: application/json; charset=iso-8859-1"),
                    HttpBody.bytes(body.replace("fuzz", "fuzz \u00e9").getBytes(StandardCharsets.ISO_8859_1)));
            case 6 -> HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS), List.of("Content-Type: ;;;/="),
                    HttpBody.json(body));
            default -> HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS), List.of("Content-Type: application/json"),
                    HttpBody.json("<?xml version=\"1.0\"?><chat/>"));
        };
    }

    private HttpProbe badHeader(String kind, Pick pick, String tag) {
        String body = bodies.plain(tag);
        String header = switch (pick.between(0, 2)) {
            case 0 -> "x-llmpool-timeout: " + pick.one("abc", "-5", "0", "1e3", "99999999999999999999", "0x10",
                    "1.5", "\u00e9", "10 000", "--1");
            case 1 -> "x-llmpool-cache-control: " + pick.one("sometimes", "FORCE!", "", "auto,bypass", "null");
            default -> "x-llmpool-timeout: 1";
        };
        // the gateway's headers are read on chat completions; a job's options are in its envelope
        HttpProbe probe = HttpProbe.of(kind, "POST", CHAT, List.of(JSON, header), HttpBody.json(body));
        if (header.equals("x-llmpool-cache-control: ")) {
            return probe.maybeValid();
        }
        // a timeout of 1 ms is valid: the job is accepted and fails its deadline (504 deadline_exceeded, or 202)
        return header.endsWith(": 1") ? probe.maybeValid().allowing(504) : probe;
    }

    private HttpProbe duplicateHeaders(String kind, Pick pick, String tag) {
        String body = bodies.plain(tag);
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        List<String> headers = switch (pick.between(0, 4)) {
            case 0 -> List.of(JSON, "Content-Length: " + length, "Content-Length: " + (length + 5));
            case 1 -> List.of(JSON, "Content-Length: " + length, "Transfer-Encoding: chunked");
            case 2 -> List.of(JSON, "Content-Type: text/plain", "Content-Length: " + length);
            case 3 -> List.of(JSON, "Host: a", "Host: b", "Content-Length: " + length);
            default -> List.of(JSON, "Content-Length: " + length, "Transfer-Encoding: gzip, chunked");
        };
        HttpProbe probe = HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS), headers, HttpBody.json(body));
        // a second Content-Type after a JSON one: the first is read, as most servers do
        return headers.contains("Content-Type: text/plain") ? probe.maybeValid() : probe;
    }

    private HttpProbe oversizedHeaders(String kind, Pick pick, String tag) {
        List<String> headers = new ArrayList<>(List.of(JSON));
        switch (pick.between(0, 2)) {
            case 0 -> headers.add("x-llmpool-job-id: " + "k".repeat(pick.one(9_000, 70_000, 1_000_000)));
            case 1 -> {
                for (int i = 0; i < pick.one(150, 2_000); i++) {
                    headers.add("x-fuzz-" + i + ": " + i);
                }
            }
            default -> headers.add("Cookie: " + "c=1; ".repeat(pick.one(3_000, 40_000)));
        }
        return HttpProbe.of(kind, "POST", pick.one(CHAT, JOBS), headers, HttpBody.json(bodies.plain(tag)));
    }

    private HttpProbe badRequestLine(String kind, Pick pick) {
        return switch (pick.between(0, 6)) {
            case 0 -> HttpProbe.of(kind, "GET", "/v1/models", List.of(), new HttpBody.None()).withVersion("HTTP/1.7");
            case 1 -> HttpProbe.of(kind, "GET", "/v1/models", List.of(), new HttpBody.None()).withVersion("HTTP/2.0");
            case 2 -> HttpProbe.of(kind, "G\u0001T", "/v1/models", List.of(), new HttpBody.None());
            case 3 -> HttpProbe.of(kind, "GET", "/v1/models", List.of(), new HttpBody.None()).withVersion("HTTPS/1.1");
            case 4 -> HttpProbe.of(kind, "GET", "/v1/mo dels", List.of(), new HttpBody.None());
            case 5 -> HttpProbe.of(kind, "GET", "v1/models", List.of(), new HttpBody.None());
            default -> HttpProbe.of(kind, "GET", "/v1/models?q=\u0007", List.of(), new HttpBody.None());
        };
    }

    private HttpProbe idempotencyReuse(String kind, Pick pick, long index, String tag) {
        String header = pick.one("Idempotency-Key", "x-llmpool-job-id");
        String key = header + ": " + pick.one(id(index, "-key"), "key with spaces " + id(index, ""),
                "k".repeat(200) + id(index, ""));
        HttpProbe first = HttpProbe.of(kind, "POST", JOBS, List.of(JSON, key), HttpBody.json(bodies.valid(pick, tag)))
                .maybeValid();
        String path = pick.one(CHAT, JOBS);
        return HttpProbe.of(kind, "POST", path, List.of(JSON, key), HttpBody.json(bodies.other(pick, tag)))
                .after(first);
    }

    private HttpProbe badEventId(String kind, Pick pick, long index, String tag) {
        String key = "x-llmpool-job-id: " + id(index, "-events");
        HttpProbe job = HttpProbe.of(kind, "POST", JOBS, List.of(JSON, key), HttpBody.json(bodies.valid(pick, tag)))
                .maybeValid();
        String last = pick.one("abc", "-1-0", "99999999999999999999-0", "1-99999999999999999999", "0-0-0",
                "x".repeat(10_000), "%00", "1-");
        boolean asHeader = pick.chance(0.5);
        String path = JOBS + "/" + id(index, "-events") + "/events" + (asHeader ? "" : "?last_event_id=" + last);
        return HttpProbe.of(kind, "GET", path, asHeader ? List.of("Last-Event-ID: " + last) : List.of(),
                new HttpBody.None()).maybeValid().after(job);
    }
}
