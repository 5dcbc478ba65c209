package dev.llmpool.launcher.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Chat Completions bodies, valid and broken in every way a careless or hostile client breaks them. Pure. */
final class ChatBodies {

    private final String model;

    ChatBodies(String model) {
        this.model = model;
    }

    /** A valid chat body with a prompt of its own. */
    String valid(Pick pick, String tag) {
        String prompt = quote("fuzz " + tag + ": tell me about the " + pick.word() + " and the " + pick.word());
        StringBuilder sb = new StringBuilder("{\"model\":\"").append(model).append("\",\"messages\":[");
        if (pick.chance(0.3)) {
            sb.append("{\"role\":\"system\",\"content\":\"Be brief.\"},");
        }
        sb.append("{\"role\":\"user\",\"content\":").append(prompt).append('}').append(']');
        if (pick.chance(0.5)) {
            sb.append(",\"max_tokens\":").append(pick.between(1, 64));
        }
        if (pick.chance(0.3)) {
            sb.append(",\"temperature\":").append(pick.one("0", "0.7", "1.2"));
        }
        return sb.append('}').toString();
    }

    /** A valid chat body with the model and one user message only. */
    String plain(String tag) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + quote("fuzz " + tag) + "}]}";
    }

    /** Text that is not JSON at all, or JSON broken in one place. */
    String invalidJson(Pick pick, String tag) {
        String valid = valid(pick, tag);
        return switch (pick.between(0, 9)) {
            case 0 -> "model=" + model + "&messages=hello";
            case 1 -> valid.replaceFirst(":", "=");
            case 2 -> valid + "}";
            case 3 -> "{" + valid;
            case 4 -> valid.replace("\"model\"", "model");
            case 5 -> valid.replace("\"", "'");
            case 6 -> valid.replaceFirst(",", ",,");
            case 7 -> valid.replace("]", ",]");
            case 8 -> "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"unterminated}]}";
            default -> "<xml><model>" + model + "</model></xml>";
        };
    }

    /** A valid body cut somewhere before its end (never at its end, never to nothing). */
    String truncated(Pick pick, String tag) {
        String valid = valid(pick, tag);
        return valid.substring(0, pick.between(1, valid.length() - 1)).stripTrailing();
    }

    /** Right names, wrong types. */
    String wrongTypes(Pick pick, String tag) {
        String messages = "[{\"role\":\"user\",\"content\":" + quote("fuzz " + tag) + "}]";
        return switch (pick.between(0, 11)) {
            case 0 -> "{\"model\":\"" + model + "\",\"messages\":\"hello\"}";
            case 1 -> "{\"model\":42,\"messages\":" + messages + "}";
            case 2 -> "{\"model\":\"" + model + "\",\"messages\":" + messages + ",\"temperature\":\"hot\"}";
            case 3 -> "{\"model\":\"" + model + "\",\"messages\":" + messages + ",\"n\":{\"value\":2}}";
            case 4 -> "{\"model\":\"" + model + "\",\"messages\":" + messages + ",\"stream\":\"yes\"}";
            case 5 -> "{\"model\":\"" + model + "\",\"messages\":[\"hello\"]}";
            case 6 -> "{\"model\":\"" + model + "\",\"messages\":[{\"role\":7,\"content\":\"hi\"}]}";
            case 7 -> "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":{\"text\":1}}]}";
            case 8 -> "{\"model\":\"" + model + "\",\"messages\":" + messages + ",\"max_tokens\":\"ten\"}";
            case 9 -> "{\"model\":[\"" + model + "\"],\"messages\":" + messages + "}";
            case 10 -> "{\"model\":\"" + model + "\",\"messages\":null}";
            default -> "{\"model\":\"" + model + "\",\"messages\":" + messages + ",\"stop\":12}";
        };
    }

    /** Numbers out of every range: huge, negative, overflowing, fractional where whole, beyond a double. */
    String badNumbers(Pick pick, String tag) {
        String field = pick.one("max_tokens", "max_completion_tokens", "n", "temperature", "top_p",
                "presence_penalty", "frequency_penalty", "top_logprobs", "seed");
        String value = switch (field) {
            case "max_tokens", "max_completion_tokens" -> pick.one("-1", "0", "1.5", "9223372036854775808",
                    "1000000000000000000000000000000", "-9223372036854775809", "1e999", "2147483648");
            case "n" -> pick.one("0", "-1", "129", "9999999999999999999", "1.5", "1e10");
            case "temperature" -> pick.one("-0.1", "2.0001", "1e308", "1e999", "-1e999");
            case "top_p" -> pick.one("1.5", "-0.5", "1e999");
            case "presence_penalty", "frequency_penalty" -> pick.one("3", "-2.5", "1e300");
            case "top_logprobs" -> pick.one("21", "-1", "1e30");
            default -> pick.one("1e30", "92233720368547758070", "1.5e400");
        };
        return plain(tag).replaceFirst("}$", ",\"" + field + "\":" + value + "}");
    }

    /** Values outside an enumeration. */
    String badEnums(Pick pick, String tag) {
        return switch (pick.between(0, 4)) {
            case 0 -> valid(pick, tag).replace("\"role\":\"user\"", "\"role\":\"robot\"");
            case 1 -> valid(pick, tag).replaceFirst("}$", ",\"stream\":true,\"stream_options\":{\"include_usage\":"
                    + "\"sometimes\"}}");
            case 2 -> valid(pick, tag).replaceFirst("}$", ",\"response_format\":\"json\"}");
            case 3 -> valid(pick, tag).replaceFirst("}$", ",\"tool_choice\":17}");
            default -> valid(pick, tag).replace("\"role\":\"user\"", "\"role\":\"\"");
        };
    }

    /** A job envelope for {@code POST /v1/jobs} with a bad option: timeouts, TTLs, dates, priorities, metadata. */
    String badEnvelope(Pick pick, String tag) {
        String body = valid(pick, tag);
        return switch (pick.between(0, 11)) {
            case 0 -> "{\"body\":" + body + ",\"timeout_ms\":-1}";
            case 1 -> "{\"body\":" + body + ",\"timeout_ms\":0}";
            case 2 -> "{\"body\":" + body + ",\"timeout_ms\":1e30}";
            case 3 -> "{\"body\":" + body + ",\"timeout_ms\":\"soon\"}";
            case 4 -> "{\"body\":" + body + ",\"cache\":{\"ttl_seconds\":9223372036854775807}}";
            case 5 -> "{\"body\":" + body + ",\"cache\":{\"ttl_seconds\":-5}}";
            case 6 -> "{\"body\":" + body + ",\"deadline\":\"+1000000000-01-01T00:00:00Z\"}";
            case 7 -> "{\"body\":" + body + ",\"created_at\":\"0000-01-01T00:00:00Z\"}";
            case 8 -> "{\"body\":" + body + ",\"priority\":\"urgent\"}";
            case 9 -> "{\"body\":" + body + ",\"metadata\":{\"k\":42}}";
            case 10 -> "{\"body\":" + body + ",\"metadata\":" + manyMetadata() + "}";
            default -> "{\"body\":\"" + body.replace("\"", "\\\"") + "\"}";
        };
    }

    private static String manyMetadata() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        return sb.append('}').toString();
    }

    /** Nothing, or JSON that is not an object. */
    String notAnObject(Pick pick) {
        return pick.one("", " ", "null", "[]", "\"hello\"", "42", "true", "{}", "[{}]", "{\"messages\":[]}");
    }

    /** More messages than any limit allows. */
    String manyMessages(Pick pick, String tag) {
        int count = pick.one(2049, 5000, 100_000);
        StringBuilder sb = new StringBuilder(count * 40).append("{\"model\":\"").append(model)
                .append("\",\"messages\":[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"m").append(i).append("\"}");
        }
        return sb.append("]}").toString();
    }

    /** Arrays or objects nested far beyond any parser's depth limit, closed or not. */
    String deepNesting(Pick pick) {
        int depth = pick.one(2_000, 20_000, 200_000);
        boolean objects = pick.chance(0.5);
        boolean closed = pick.chance(0.5);
        StringBuilder sb = new StringBuilder(depth * 6 + 100).append("{\"model\":\"").append(model)
                .append("\",\"messages\":[{\"role\":\"user\",\"content\":");
        sb.append((objects ? "{\"a\":" : "[").repeat(depth));
        if (closed) {
            sb.append("1").append((objects ? "}" : "]").repeat(depth)).append("}]}");
        }
        return sb.toString();
    }

    /** A body with NUL bytes raw in it (never valid JSON) or escaped in a string (valid). */
    byte[] nulBytes(Pick pick, String tag) {
        String valid = valid(pick, tag);
        if (pick.chance(0.3)) {
            return valid.replace("fuzz ", "fuzz \\u0000 ").getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        List<Integer> at = new ArrayList<>();
        int n = pick.between(1, 4);
        for (int i = 0; i < n; i++) {
            at.add(pick.between(0, bytes.length - 1));
        }
        for (int i : at) {
            bytes[i] = 0;
        }
        return bytes;
    }

    /** Whether {@link #nulBytes} made a body that is valid (NULs only escaped). */
    static boolean validNuls(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return false;
            }
        }
        return true;
    }

    /** Malformed UTF-8: invalid bytes, a lone continuation, a cut sequence, overlong forms, surrogates, past U+10FFFF. */
    static final byte[][] BAD_UTF8 = {{(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80,
            (byte) 0x80}, {(byte) 0xFE}};

    /** Whether a sequence decodes to a character in a lenient decoder: an overlong form, or one past U+10FFFF. */
    static boolean overlong(byte[] sequence) {
        int first = sequence[0] & 0xFF;
        return first == 0xC0 || first == 0xE0 || first == 0xF4;
    }

    /** A valid body with {@code bad} bytes inside its prompt string. */
    byte[] badUtf8(Pick pick, String tag, byte[] bad) {
        String valid = valid(pick, tag);
        int at = valid.indexOf("fuzz ") + 5;
        byte[] head = valid.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = valid.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bad, 0, out, head.length, bad.length);
        System.arraycopy(tail, 0, out, head.length + bad.length, tail.length);
        return out;
    }

    byte[] badUtf8(Pick pick, String tag) {
        return badUtf8(pick, tag, pick.one(BAD_UTF8));
    }

    /** A body whose model no catalog has (or that no model name could be). */
    String unknownModel(Pick pick, String tag) {
        String name = pick.one("no-such-model", "", "../" + model, model.toUpperCase() + "-x", "m".repeat(300),
                "gpt-\u00e9\u00e8", "a/b/c", " " + model);
        return valid(pick, tag).replaceFirst("\"model\":\"[^\"]*\"", "\"model\":" + quote(name));
    }

    /** A valid body with another prompt: what an idempotency key is reused with. */
    String other(Pick pick, String tag) {
        return valid(pick, tag + " (another body)");
    }

    /** A valid body whose answer the simulator holds for {@code seconds}. */
    String held(String tag, int seconds) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + quote("fuzz " + tag + " [sim:delay=" + seconds + "s]") + "}]}";
    }

    static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
