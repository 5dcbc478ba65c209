package dev.llmpool.workers.provider;

import dev.llmpool.core.secrets.SecretMask;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one mapping from a provider failure to the pool's {@link ErrorClass}: HTTP status, headers and body in, an
 * {@link AttemptError} out, with the wait the provider asked for. Pure: no I/O, no logging, time passed in.
 *
 * <p>Rules, in order: a 429 whose code is {@code insufficient_quota} (or a 402, or Anthropic's {@code billing_error})
 * is {@code QUOTA_EXHAUSTED}, never retried; any other 429 (Anthropic {@code rate_limit_error}, Gemini
 * {@code RESOURCE_EXHAUSTED}) is {@code RATE_LIMITED}; a 400/422 is {@code QUOTA_EXHAUSTED} when the account has no
 * credit left (Anthropic), {@code AUTHENTICATION} when the key was rejected (Gemini answers a bad key with 400 and
 * {@code ErrorInfo.reason API_KEY_INVALID}), {@code CONTEXT_WINDOW_EXCEEDED} when the prompt does
 * not fit, {@code CONTENT_POLICY} when the provider's policy refused it, else {@code BAD_REQUEST}; 401/403 are
 * {@code AUTHENTICATION}; 404 is {@code MODEL_NOT_FOUND}; 408/409/425/5xx/529 and I/O failures are
 * {@code TRANSIENT}; any other 4xx is {@code BAD_REQUEST}. Then {@code x-should-retry} overrides retriability:
 * {@code true} turns a non-retriable class (but quota) into {@code TRANSIENT}; {@code false} turns a 429 into
 * {@code QUOTA_EXHAUSTED}, a retriable 4xx into {@code BAD_REQUEST} and a 5xx into {@code UNSUPPORTED} (this request
 * will not succeed at this provider; another provider may take it). Retriability is a property of the class, so the
 * override is expressed as a class.
 *
 * <p>The wait: {@code retry-after-ms}, else {@code retry-after} (seconds or an HTTP date), else, on a 429 only,
 * OpenAI's {@code x-ratelimit-reset-requests}/{@code -tokens} durations ({@code 6m0s}, {@code 1s}, {@code 12ms}),
 * preferring the bucket that is exhausted, else Anthropic's {@code anthropic-ratelimit-*-reset} RFC 3339 timestamps,
 * likewise; else Gemini's {@code google.rpc.RetryInfo.retryDelay} in the body ({@code "36s"}, {@code "1.500s"}).
 * The provider code is the body's {@code code}, else its {@code type} (Anthropic names errors by type only).
 */
public final class ErrorMapping {

    /** Longest provider message kept in an error. */
    public static final int MAX_MESSAGE_LENGTH = 500;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");

    private static final Set<String> CONTENT_POLICY_CODES = Set.of("content_policy_violation", "content_filter",
            "moderation_blocked", "content_policy", "safety");

    private ErrorMapping() {
    }

    /** Classifies an HTTP error response. */
    public static AttemptError fromHttp(int status, HttpHeaders headers, String body, Instant now) {
        ProviderErrorBody error = ProviderErrorBody.parse(body);
        ErrorClass errorClass = classify(status, error);
        errorClass = applyShouldRetry(errorClass, status, headers.firstValue("x-should-retry"));
        Long retryAfter = retryAfterMs(headers, now, status == 429);
        if (retryAfter == null) {
            retryAfter = error.retryDelayMs();
        }
        String message = error.message() != null ? error.message()
                : body == null || body.isBlank() ? "HTTP " + status : body;
        return new AttemptError(errorClass, clean(message), status, retryAfter, error.providerCode());
    }

    /**
     * Classifies an error that arrived inside a stream that had started with 200 ({@code data: {"error":...}}).
     * The error's type or code stands in for the status.
     */
    public static AttemptError fromStreamError(String errorJson) {
        ProviderErrorBody error = ProviderErrorBody.parse(errorJson);
        int status = statusFromType(error.type(), error.code(), error.numericCode());
        ErrorClass errorClass = classify(status, error);
        String message = error.message() != null ? error.message() : errorJson;
        return new AttemptError(errorClass, clean("stream error: " + message), null, error.retryDelayMs(),
                error.providerCode());
    }

    /** A request that never got an answer: connection refused, reset, timed out. Always {@code TRANSIENT}. */
    public static AttemptError fromIo(IOException e) {
        String code = e instanceof HttpConnectTimeoutException ? "connect_timeout"
                : e instanceof HttpTimeoutException ? "timeout" : "io_error";
        String detail = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new AttemptError(ErrorClass.TRANSIENT, clean(detail), null, null, code);
    }

    /** The call ran out of its time budget: the request timeout or the job's deadline. */
    public static AttemptError timeout(Duration budget, boolean deadline) {
        return deadline
                ? new AttemptError(ErrorClass.DEADLINE_EXCEEDED, "the job's deadline passed during the provider call ("
                        + budget.toMillis() + " ms left at the start)", null, null, "deadline")
                : new AttemptError(ErrorClass.TRANSIENT, "the provider did not answer within " + budget.toMillis()
                        + " ms", null, null, "timeout");
    }

    /** A streamed call whose first token did not arrive in time: {@code TRANSIENT}, another try may be faster. */
    public static AttemptError firstTokenTimeout(Duration limit) {
        return new AttemptError(ErrorClass.TRANSIENT, "no first token from the provider within " + limit.toMillis()
                + " ms", null, null, "first_token_timeout");
    }

    static ErrorClass classify(int status, ProviderErrorBody error) {
        if (status == 429) {
            return error.isQuota() ? ErrorClass.QUOTA_EXHAUSTED : ErrorClass.RATE_LIMITED;
        }
        if (status == 402) {
            return ErrorClass.QUOTA_EXHAUSTED;
        }
        if (status == 400 || status == 422) {
            if (error.isQuota()) {
                return ErrorClass.QUOTA_EXHAUSTED;
            }
            if (error.isInvalidKey()) {
                return ErrorClass.AUTHENTICATION;
            }
            if (error.isContextLength()) {
                return ErrorClass.CONTEXT_WINDOW_EXCEEDED;
            }
            return error.isContentPolicy() ? ErrorClass.CONTENT_POLICY : ErrorClass.BAD_REQUEST;
        }
        if (status == 401 || status == 403) {
            return ErrorClass.AUTHENTICATION;
        }
        if (status == 404) {
            return ErrorClass.MODEL_NOT_FOUND;
        }
        if (status == 408 || status == 409 || status == 425 || status >= 500) {
            return ErrorClass.TRANSIENT;
        }
        if (status >= 400) {
            return ErrorClass.BAD_REQUEST;
        }
        return ErrorClass.TRANSIENT;
    }

    static ErrorClass applyShouldRetry(ErrorClass errorClass, int status, Optional<String> shouldRetry) {
        if (shouldRetry.isEmpty()) {
            return errorClass;
        }
        String value = shouldRetry.get().trim().toLowerCase(Locale.ROOT);
        if (value.equals("true") && !errorClass.retriable() && errorClass != ErrorClass.QUOTA_EXHAUSTED) {
            return ErrorClass.TRANSIENT;
        }
        if (value.equals("false") && errorClass.retriable()) {
            if (status == 429) {
                return ErrorClass.QUOTA_EXHAUSTED;
            }
            return status >= 400 && status < 500 ? ErrorClass.BAD_REQUEST : ErrorClass.UNSUPPORTED;
        }
        return errorClass;
    }

    /**
     * The wait the provider asked for, in milliseconds, or null when it said nothing. The OpenAI reset headers are
     * read only when {@code rateLimited}: they are sent on every response and say nothing about a 5xx.
     */
    public static Long retryAfterMs(HttpHeaders headers, Instant now, boolean rateLimited) {
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            Long value = parseMillis(ms.get());
            if (value != null) {
                return value;
            }
        }
        Optional<String> after = headers.firstValue("retry-after");
        if (after.isPresent()) {
            Long value = parseRetryAfter(after.get(), now);
            if (value != null) {
                return value;
            }
        }
        if (!rateLimited) {
            return null;
        }
        Long requests = headers.firstValue("x-ratelimit-reset-requests").map(ErrorMapping::parseDuration).orElse(null);
        Long tokens = headers.firstValue("x-ratelimit-reset-tokens").map(ErrorMapping::parseDuration).orElse(null);
        boolean requestsExhausted = headers.firstValue("x-ratelimit-remaining-requests").map(String::trim)
                .filter("0"::equals).isPresent();
        boolean tokensExhausted = headers.firstValue("x-ratelimit-remaining-tokens").map(String::trim)
                .filter("0"::equals).isPresent();
        if (requestsExhausted && requests != null && !(tokensExhausted && tokens != null)) {
            return requests;
        }
        if (tokensExhausted && tokens != null && !(requestsExhausted && requests != null)) {
            return tokens;
        }
        if (requests != null || tokens != null) {
            return requests == null ? tokens : tokens == null ? requests : Math.max(requests, tokens);
        }
        return anthropicResetMs(headers, now);
    }

    /**
     * Anthropic's wait on a 429 without {@code retry-after}: the latest {@code anthropic-ratelimit-<bucket>-reset}
     * (RFC 3339) among the buckets with nothing remaining, else the latest of all; null when none is readable.
     */
    static Long anthropicResetMs(HttpHeaders headers, Instant now) {
        Long exhausted = null;
        Long any = null;
        for (String bucket : List.of("requests", "tokens", "input-tokens", "output-tokens")) {
            Long wait = headers.firstValue("anthropic-ratelimit-" + bucket + "-reset")
                    .map(value -> parseTimestamp(value, now)).orElse(null);
            if (wait == null) {
                continue;
            }
            any = any == null ? wait : Math.max(any, wait);
            boolean empty = headers.firstValue("anthropic-ratelimit-" + bucket + "-remaining").map(String::trim)
                    .filter("0"::equals).isPresent();
            if (empty) {
                exhausted = exhausted == null ? wait : Math.max(exhausted, wait);
            }
        }
        return exhausted != null ? exhausted : any;
    }

    /** Milliseconds from {@code now} to an RFC 3339 timestamp (0 when past), or null when it is not one. */
    static Long parseTimestamp(String value, Instant now) {
        try {
            Instant at = OffsetDateTime.parse(value.trim()).toInstant();
            return Math.max(0L, Duration.between(now, at).toMillis());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code retry-after}: delay seconds (possibly fractional) or an HTTP date; null when neither. */
    static Long parseRetryAfter(String value, Instant now) {
        String trimmed = value.trim();
        try {
            BigDecimal seconds = new BigDecimal(trimmed);
            return seconds.signum() <= 0 ? 0L
                    : seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            // not a number: an HTTP date
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Math.max(0L, Duration.between(now, at).toMillis());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long parseMillis(String value) {
        try {
            BigDecimal ms = new BigDecimal(value.trim());
            return ms.signum() <= 0 ? 0L : ms.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * A Go-style duration as OpenAI sends it ({@code 6m0s}, {@code 1s}, {@code 12ms}, {@code 1h2m3.5s},
     * {@code 250us}) in whole milliseconds rounded up; a bare number is seconds. Null when it is not one.
     */
    public static Long parseDuration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return parseRetryAfter(text, Instant.EPOCH);
        }
        Matcher matcher = DURATION_PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int position = 0;
        while (matcher.find()) {
            if (matcher.start() != position) {
                return null;
            }
            position = matcher.end();
            BigDecimal amount = new BigDecimal(matcher.group(1));
            long unitNanos = switch (matcher.group(2)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                case "ms" -> 1_000_000L;
                case "us", "µs" -> 1_000L;
                default -> 1L;
            };
            nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unitNanos)));
        }
        if (position == 0 || position != text.length()) {
            return null;
        }
        return nanos.divide(BigDecimal.valueOf(1_000_000L), 0, RoundingMode.CEILING).longValue();
    }

    /** Masks anything that looks like a key, then truncates to {@link #MAX_MESSAGE_LENGTH}. */
    public static String clean(String message) {
        return truncate(SecretMask.mask(message));
    }

    /** The error with every occurrence of {@code secret} masked (the adapter knows its key; this class does not). */
    public static AttemptError redact(AttemptError error, String secret) {
        if (secret == null || secret.isBlank() || error.message() == null || !error.message().contains(secret)) {
            return error;
        }
        return new AttemptError(error.errorClass(), error.message().replace(secret, "***"), error.httpStatus(),
                error.retryAfterMs(), error.providerCode());
    }

    static String truncate(String text) {
        String single = text.strip();
        return single.length() <= MAX_MESSAGE_LENGTH ? single : single.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }

    private static int statusFromType(String type, String code, Integer numericCode) {
        if (numericCode != null && numericCode >= 400) {
            return numericCode;
        }
        String kind = (type == null ? "" : type.toLowerCase(Locale.ROOT)) + " "
                + (code == null ? "" : code.toLowerCase(Locale.ROOT));
        if (kind.contains("insufficient_quota")) {
            return 429;
        }
        if (kind.contains("billing")) {
            return 402;
        }
        if (kind.contains("request_too_large")) {
            return 413;
        }
        if (kind.contains("rate_limit") || kind.contains("resource_exhausted")) {
            return 429;
        }
        if (kind.contains("invalid_request") || kind.contains("invalid_argument")) {
            return 400;
        }
        if (kind.contains("authentication") || kind.contains("permission")) {
            return 401;
        }
        if (kind.contains("not_found")) {
            return 404;
        }
        if (kind.contains("overloaded")) {
            return 529;
        }
        if (kind.contains("unavailable")) {
            return 503;
        }
        return 500;
    }

    /**
     * The fields of a provider's error body, read tolerantly: OpenAI {@code {"error":{message,type,param,code}}},
     * Anthropic {@code {"type":"error","error":{type,message}}}, Gemini {@code {"error":{code,message,status}}},
     * a bare string, or no JSON at all.
     */
    record ProviderErrorBody(String message, String type, String code, Integer numericCode, Long retryDelayMs,
                             String reason) {

        ProviderErrorBody(String message, String type, String code, Integer numericCode) {
            this(message, type, code, numericCode, null, null);
        }

        static ProviderErrorBody parse(String body) {
            if (body == null || body.isBlank()) {
                return new ProviderErrorBody(null, null, null, null);
            }
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (JacksonException e) {
                return new ProviderErrorBody(null, null, null, null);
            }
            if (root == null || !root.isObject()) {
                return new ProviderErrorBody(null, null, null, null);
            }
            JsonNode error = root.get("error");
            if (error != null && error.isString()) {
                return new ProviderErrorBody(error.asString(), text(root.get("type")), text(root.get("code")), null);
            }
            JsonNode node = error != null && error.isObject() ? error : root;
            String type = text(node.get("type"));
            if (type == null) {
                type = text(node.get("status"));
            }
            JsonNode codeNode = node.get("code");
            Integer numeric = codeNode != null && codeNode.isIntegralNumber() ? codeNode.intValue() : null;
            String code = numeric != null ? text(node.get("status")) : text(codeNode);
            Long retryDelay = null;
            String reason = null;
            JsonNode details = node.get("details");
            if (details != null && details.isArray()) {
                for (JsonNode detail : details) {
                    String detailType = text(detail.get("@type"));
                    if (detailType == null) {
                        continue;
                    }
                    if (detailType.endsWith("google.rpc.RetryInfo") && retryDelay == null) {
                        retryDelay = parseDuration(text(detail.get("retryDelay")));
                    } else if (detailType.endsWith("google.rpc.ErrorInfo") && reason == null) {
                        reason = text(detail.get("reason"));
                    }
                }
            }
            return new ProviderErrorBody(text(node.get("message")), type, code, numeric, retryDelay, reason);
        }

        /** The provider's own name for the error: its code, else its type. */
        String providerCode() {
            return code != null ? code : type;
        }

        /** Gemini answers a rejected key with 400 {@code INVALID_ARGUMENT} and {@code ErrorInfo.reason}. */
        boolean isInvalidKey() {
            return "API_KEY_INVALID".equals(reason);
        }

        private static String text(JsonNode node) {
            return node == null || node.isNull() || node.isContainer() ? null : node.asString();
        }

        boolean isQuota() {
            if ("insufficient_quota".equals(code) || "insufficient_quota".equals(type)
                    || "billing_error".equals(type)) {
                return true;
            }
            String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
            return text.contains("credit balance is too low");
        }

        boolean isContextLength() {
            if ("context_length_exceeded".equals(code) || "context_length_exceeded".equals(type)) {
                return true;
            }
            String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
            return text.contains("maximum context length") || text.contains("context length")
                    || text.contains("context window") || text.contains("prompt is too long")
                    || text.contains("exceeds the maximum number of tokens");
        }

        boolean isContentPolicy() {
            if ((code != null && CONTENT_POLICY_CODES.contains(code))
                    || (type != null && CONTENT_POLICY_CODES.contains(type))) {
                return true;
            }
            String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
            return text.contains("content policy") || text.contains("content management policy")
                    || text.contains("safety system");
        }
    }
}
