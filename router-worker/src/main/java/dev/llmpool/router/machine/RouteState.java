package dev.llmpool.router.machine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The router's state for one job, stored as JSON in the job hash's {@code route} field. Immutable: every
 * transition returns a new state.
 *
 * @param requestedModel the name the client asked for
 * @param model          the catalog model that name resolved to (null when it did not)
 * @param deadline       the job's deadline, or its creation plus the default timeout
 * @param traceparent    the W3C trace context of the request, passed on to every attempt
 * @param attempts       every attempt so far, oldest first; the last one is the current attempt
 * @param routing        where the job is on its route when it took one (null for a pinned model)
 * @param origin         where the job's request record sat in Kafka, named by its dead letter (null when unknown)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouteState(int version, String correlationId, RoutePhase phase, String requestedModel, String model,
                         Instant createdAt, Instant deadline, String traceparent, List<AttemptRecord> attempts,
                         RouteTrack routing, RecordOrigin origin) {

    public static final int VERSION = 1;

    public RouteState {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** A state without a route (a pinned model) whose request record's place in Kafka is not known. */
    public RouteState(int version, String correlationId, RoutePhase phase, String requestedModel, String model,
                      Instant createdAt, Instant deadline, String traceparent, List<AttemptRecord> attempts) {
        this(version, correlationId, phase, requestedModel, model, createdAt, deadline, traceparent, attempts, null,
                null);
    }

    public RouteState withRouting(RouteTrack newRouting) {
        return new RouteState(version, correlationId, phase, requestedModel, model, createdAt, deadline,
                traceparent, attempts, newRouting, origin);
    }

    public RouteState withPhase(RoutePhase newPhase) {
        return new RouteState(version, correlationId, newPhase, requestedModel, model, createdAt, deadline,
                traceparent, attempts, routing, origin);
    }

    public RouteState withModel(String newModel) {
        return new RouteState(version, correlationId, phase, requestedModel, newModel, createdAt, deadline,
                traceparent, attempts, routing, origin);
    }

    /** Adds an attempt as the current one. */
    public RouteState withAttempt(AttemptRecord attempt) {
        List<AttemptRecord> list = new ArrayList<>(attempts);
        list.add(attempt);
        return new RouteState(version, correlationId, phase, requestedModel, model, createdAt, deadline, traceparent,
                list, routing, origin);
    }

    /** Replaces the current attempt. */
    public RouteState withCurrent(AttemptRecord attempt) {
        List<AttemptRecord> list = new ArrayList<>(attempts);
        list.set(list.size() - 1, attempt);
        return new RouteState(version, correlationId, phase, requestedModel, model, createdAt, deadline, traceparent,
                list, routing, origin);
    }

    /** The latest attempt, or null before the first. */
    @JsonIgnore
    public AttemptRecord current() {
        return attempts.isEmpty() ? null : attempts.getLast();
    }

    /** The current attempt's number, 0 before the first. */
    @JsonIgnore
    public int currentAttempt() {
        return attempts.isEmpty() ? 0 : attempts.getLast().attempt();
    }

    public long attemptsOn(String modelId) {
        return attempts.stream().filter(a -> a.model().equals(modelId)).count();
    }

    /** Catalog ids of every model tried so far. */
    @JsonIgnore
    public Set<String> triedModels() {
        Set<String> tried = new LinkedHashSet<>();
        attempts.forEach(a -> tried.add(a.model()));
        return tried;
    }
}
