package dev.llmpool.launcher.fuzz;

import dev.llmpool.launcher.fuzz.RecordProbe.Expect;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the Kafka probes of a run: record {@code i} of seed {@code s} is always the same record (the run's nonce only
 * keeps the job ids of two runs apart). Every topic a producer can reach: {@code llm.requests} (open to any producer
 * by design), and the internal {@code llm.attempts} and {@code llm.provider.<p>}. Pure.
 */
public final class RecordProbes {

    private static final List<String> REQUEST_KINDS = List.of("not-json", "truncated-json", "empty-value",
            "null-value", "schema-violation", "wrong-schema-version", "bad-numbers", "far-dates", "huge-record",
            "no-key", "deep-nesting", "nul-and-bad-utf8", "unknown-model", "correlation-id-reused", "odd-headers");
    private static final List<String> OUTCOME_KINDS = List.of("not-json", "schema-violation", "wrong-schema-version",
            "bad-numbers", "outcome-for-unknown-job", "no-key", "huge-record");
    private static final List<String> ATTEMPT_KINDS = List.of("not-json", "schema-violation", "wrong-schema-version",
            "attempt-for-unknown-job", "wrong-provider", "no-key", "huge-record");

    private final long seed;
    private final String nonce;
    private final String model;
    private final String provider;
    private final ChatBodies bodies;
    private final Set<String> skip;

    /** @param skip kinds never sent (e.g. {@code requests/correlation-id-reused}) */
    public RecordProbes(long seed, String nonce, String model, String provider, Set<String> skip) {
        this.seed = seed;
        this.nonce = nonce;
        this.model = model;
        this.provider = provider;
        this.bodies = new ChatBodies(model);
        this.skip = Set.copyOf(skip);
    }

    String id(long index) {
        return "fz-" + seed + "-" + nonce + "-r" + index;
    }

    RecordProbe probe(long index) {
        for (long draw = 0; ; draw++) {
            RecordProbe probe = draw(index, draw);
            if (!skip.contains(probe.kind())) {
                return probe;
            }
        }
    }

    private RecordProbe draw(long index, long draw) {
        Pick pick = new Pick(seed + draw * 7919, 1_000_000_007L + index);
        int topic = pick.between(0, 9);
        if (topic < 5) {
            return request(pick, index, pick.one(REQUEST_KINDS));
        }
        if (topic < 7) {
            return outcome(pick, index, pick.one(OUTCOME_KINDS));
        }
        return attempt(pick, index, pick.one(ATTEMPT_KINDS));
    }

    private RecordProbe request(Pick pick, long index, String kind) {
        String id = id(index);
        String body = bodies.valid(pick, id);
        String valid = job(id, body);
        String name = "requests/" + kind;
        return switch (kind) {
            case "not-json" -> dead(name, Topics.REQUESTS, id, bodies.invalidJson(pick, id));
            case "truncated-json" -> dead(name, Topics.REQUESTS, id, valid.substring(0, pick.between(1,
                    valid.length() - 1)));
            case "empty-value" -> dead(name, Topics.REQUESTS, id, "");
            case "null-value" -> new RecordProbe(name, Topics.REQUESTS, id, null, Map.of(), id, Expect.DEAD_LETTER);
            case "schema-violation" -> dead(name, Topics.REQUESTS, id, pick.one(
                    "{\"schema_version\":1,\"correlation_id\":\"" + id + "\"}",
                    job(id, "{\"model\":\"" + model + "\",\"messages\":[]}"),
                    job(id, body.replace("\"role\":\"user\"", "\"role\":\"robot\"")),
                    valid.replace("\"correlation_id\":\"" + id + "\"", "\"correlation_id\":\"" + id + "/../x\""),
                    valid.replace("\"correlation_id\":\"" + id + "\"", "\"correlation_id\":\"" + "c".repeat(200) + "\""),
                    valid.replace("\"correlation_id\":\"" + id + "\"", "\"correlation_id\":42"),
                    valid.replaceFirst("}$", ",\"priority\":\"urgent\"}"),
                    valid.replaceFirst("}$", ",\"metadata\":{\"k\":1}}"),
                    job(id, "{\"messages\":[{\"role\":\"user\",\"content\":\"no model\"}]}"),
                    job(id, "\"a string\"")));
            case "wrong-schema-version" -> dead(name, Topics.REQUESTS, id, valid.replace("\"schema_version\":1",
                    "\"schema_version\":" + pick.one("2", "0", "\"1\"", "1.5", "-1", "null", "99999999999999999999")));
            case "bad-numbers" -> dead(name, Topics.REQUESTS, id, pick.one(
                    valid.replaceFirst("}$", ",\"cache\":{\"ttl_seconds\":9223372036854775807}}"),
                    valid.replaceFirst("}$", ",\"cache\":{\"ttl_seconds\":-1}}"),
                    job(id, bodies.plain(id).replaceFirst("}$", ",\"max_tokens\":-1}")),
                    job(id, bodies.plain(id).replaceFirst("}$", ",\"max_tokens\":1e30}")),
                    job(id, bodies.plain(id).replaceFirst("}$", ",\"n\":0}")),
                    job(id, bodies.plain(id).replaceFirst("}$", ",\"temperature\":1e308}")),
                    job(id, bodies.plain(id).replaceFirst("}$", ",\"top_logprobs\":99}"))));
            case "far-dates" -> {
                String date = pick.one("9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
                        "-999999999-01-01T00:00:00Z", "2026-13-45T99:99:99Z", "yesterday");
                String field = pick.one("deadline", "created_at");
                String record = valid.replaceFirst("}$", ",\"" + field + "\":\"" + date + "\"}");
                // a date in the schema's form (a four-digit year) is a valid job: it completes, or fails its deadline
                yield date.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z") && !date.startsWith("2026-13")
                        ? mayComplete(name, Topics.REQUESTS, id, id, record)
                        : dead(name, Topics.REQUESTS, id, record);
            }
            case "huge-record" -> pick.chance(0.5)
                    ? dead(name, Topics.REQUESTS, id, "x".repeat(pick.one(1_100_000, 2_500_000)))
                    : dead(name, Topics.REQUESTS, id, job(id, "{\"model\":\"" + model + "\",\"messages\":"
                            + "[{\"role\":\"user\",\"content\":\"" + "y".repeat(1_500_000) + "\"}],\"n\":-3}"));
            case "no-key" -> pick.chance(0.5)
                    ? dead(name, Topics.REQUESTS, null, bodies.invalidJson(pick, id))
                    : mayComplete(name, Topics.REQUESTS, null, id, valid);
            case "deep-nesting" -> dead(name, Topics.REQUESTS, id, "{\"schema_version\":1,\"correlation_id\":\"" + id
                    + "\",\"body\":" + bodies.deepNesting(pick) + "}");
            case "nul-and-bad-utf8" -> {
                byte[] bad = pick.one(ChatBodies.BAD_UTF8);
                boolean nul = pick.chance(0.3);
                byte[] bytes = nul ? rawNul(bodies.plain(id)) : bodies.badUtf8(pick, id, bad);
                String head = "{\"schema_version\":1,\"correlation_id\":\"" + id + "\",\"body\":";
                // overlong forms and code points past U+10FFFF are a kind of their own: a lenient decoder reads them
                yield new RecordProbe(nul || !ChatBodies.overlong(bad) ? name : "requests/overlong-utf8",
                        Topics.REQUESTS, id, concat(head.getBytes(StandardCharsets.UTF_8), bytes,
                        "}".getBytes(StandardCharsets.UTF_8)), Map.of(), id, Expect.DEAD_LETTER);
            }
            case "unknown-model" -> dead(name, Topics.REQUESTS, id, job(id,
                    bodies.unknownModel(pick, id).replace("\"model\":\"\"", "\"model\":\"none\"")));
            case "correlation-id-reused" -> dead(name, Topics.REQUESTS, id, job(id, bodies.other(pick, id)));
            case "odd-headers" -> new RecordProbe(name, Topics.REQUESTS, id, valid.getBytes(StandardCharsets.UTF_8),
                    Map.of(Headers.DEADLINE, pick.one("tomorrow", "-1", "9999999999999999999"),
                            Headers.TRACEPARENT, "zz-" + "f".repeat(pick.one(10, 5000)),
                            Headers.DLT_REASON, "forged"), id, Expect.DEAD_LETTER_OR_RESULT);
            default -> throw new IllegalStateException(kind);
        };
    }

    /**
     * Record {@code i}, and before it what it needs: for {@code correlation-id-reused}, the valid job whose id it then
     * reuses with another body (same key, so the same partition, in order).
     */
    public List<RecordProbe> probes(long index) {
        RecordProbe probe = probe(index);
        if (!probe.kind().equals("requests/correlation-id-reused")) {
            return List.of(probe);
        }
        Pick pick = new Pick(seed, 2_000_000_011L + index);
        RecordProbe first = mayComplete("requests/valid-job", Topics.REQUESTS, probe.key(), probe.key(),
                job(probe.key(), bodies.valid(pick, probe.key())));
        return List.of(first, probe);
    }

    private RecordProbe outcome(Pick pick, long index, String kind) {
        String id = id(index);
        String valid = outcome(id);
        String name = "attempts/" + kind;
        return switch (kind) {
            case "not-json" -> dead(name, Topics.ATTEMPTS, id, bodies.invalidJson(pick, id));
            case "schema-violation" -> dead(name, Topics.ATTEMPTS, id, pick.one(
                    valid.replace("\"succeeded\":true", "\"succeeded\":\"yes\""),
                    valid.replaceFirst(",\"completion\":.*,\"streamed_chunks\"", ",\"streamed_chunks\""),
                    valid.replace("\"succeeded\":true", "\"succeeded\":false"),
                    valid.replace("\"attempt\":1,", ""),
                    valid.replace("\"correlation_id\":\"" + id + "\"", "\"correlation_id\":\"a b\"")));
            case "wrong-schema-version" -> dead(name, Topics.ATTEMPTS, id, valid.replace("\"schema_version\":1",
                    "\"schema_version\":" + pick.one("2", "0", "\"1\"")));
            case "bad-numbers" -> dead(name, Topics.ATTEMPTS, id, pick.one(
                    valid.replace("\"attempt\":1", "\"attempt\":9223372036854775807"),
                    valid.replace("\"attempt\":1", "\"attempt\":-1"),
                    valid.replace("\"latency_ms\":1", "\"latency_ms\":-5"),
                    valid.replace("\"streamed_chunks\":0", "\"streamed_chunks\":1e40")));
            case "outcome-for-unknown-job" -> dead(name, Topics.ATTEMPTS, id, valid);
            case "no-key" -> dead(name, Topics.ATTEMPTS, null, pick.chance(0.5) ? valid : "garbage " + id);
            case "huge-record" -> dead(name, Topics.ATTEMPTS, id, valid.replace("forged answer",
                    "z".repeat(pick.one(1_100_000, 2_000_000))));
            default -> throw new IllegalStateException(kind);
        };
    }

    private RecordProbe attempt(Pick pick, long index, String kind) {
        String id = id(index);
        String valid = attempt(id, bodies.plain(id), provider);
        String name = "provider." + provider + "/" + kind;
        String topic = Topics.provider(provider);
        return switch (kind) {
            case "not-json" -> dead(name, topic, id, bodies.invalidJson(pick, id));
            case "schema-violation" -> stray(name, topic, id, pick.one(
                    valid.replace("\"attempt\":1", "\"attempt\":0"),
                    valid.replace("\"upstream_model\":\"" + model + "\",", ""),
                    valid.replace("\"messages\":[", "\"messages\":[]"),
                    valid.replace("\"attempt\":1", "\"attempt\":\"one\"")));
            case "wrong-schema-version" -> stray(name, topic, id, valid.replace("\"schema_version\":1",
                    "\"schema_version\":" + pick.one("2", "0", "\"1\"")));
            case "attempt-for-unknown-job" -> stray(name, topic, id, valid);
            case "wrong-provider" -> dead(name, topic, id, attempt(id, bodies.plain(id), "no-such-provider"));
            case "no-key" -> stray(name, topic, null, valid);
            case "huge-record" -> dead(name, topic, id, "{\"schema_version\":1,\"attempt_id\":\""
                    + "a".repeat(pick.one(1_100_000, 2_000_000)) + "\"}");
            default -> throw new IllegalStateException(kind);
        };
    }

    private String job(String id, String body) {
        return "{\"schema_version\":1,\"correlation_id\":\"" + id + "\",\"tenant\":\"fuzz\",\"body\":" + body + "}";
    }

    private String outcome(String id) {
        return "{\"schema_version\":1,\"attempt_id\":\"" + id + ":1\",\"correlation_id\":\"" + id + "\",\"attempt\":1,"
                + "\"provider\":\"" + provider + "\",\"model\":\"" + model + "\",\"succeeded\":true,\"completion\":{"
                + "\"id\":\"chatcmpl-forged\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"forged answer\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,"
                + "\"total_tokens\":2}},\"streamed_chunks\":0,\"latency_ms\":1,\"worker_id\":\"fuzz\"}";
    }

    private String attempt(String id, String body, String providerName) {
        return "{\"schema_version\":1,\"attempt_id\":\"" + id + ":1\",\"correlation_id\":\"" + id + "\",\"attempt\":1,"
                + "\"provider\":\"" + providerName + "\",\"model\":\"" + model + "\",\"upstream_model\":\"" + model
                + "\",\"body\":" + body + "}";
    }

    private static RecordProbe dead(String kind, String topic, String key, String value) {
        return new RecordProbe(kind, topic, key, value.getBytes(StandardCharsets.UTF_8), Map.of(), key,
                Expect.DEAD_LETTER);
    }

    private static RecordProbe mayComplete(String kind, String topic, String key, String id, String value) {
        return new RecordProbe(kind, topic, key, value.getBytes(StandardCharsets.UTF_8), Map.of(), id,
                Expect.DEAD_LETTER_OR_RESULT);
    }

    private static RecordProbe stray(String kind, String topic, String key, String value) {
        return new RecordProbe(kind, topic, key, value.getBytes(StandardCharsets.UTF_8), Map.of(),
                keyOrId(key, value), Expect.DEAD_LETTER_OR_OUTCOME_DEAD_LETTER);
    }

    private static String keyOrId(String key, String value) {
        if (key != null) {
            return key;
        }
        int at = value.indexOf("\"correlation_id\":\"") + 18;
        return value.substring(at, value.indexOf('"', at));
    }

    private static byte[] rawNul(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length / 2] = 0;
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
