package dev.llmpool.router.machine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Where a routed job is on its route's ladder, kept in {@link RouteState}. The plan itself is not stored: it is
 * derived again from the request, the rules and the catalog (pure), and checked against {@code route}.
 *
 * @param route     the route's name
 * @param matchedBy what chose it ({@code rule <name>}, {@code alias <name>}, {@code default})
 * @param position  the tier being run now, among the plan's usable tiers
 * @param maxTokens the completion cap sent to the current tier, or null when the request's was left alone
 * @param streams   whether the current tier's tokens go to the client as they arrive (only the last reachable tier)
 * @param logprobs  whether the current tier is asked for log probabilities (its acceptance scores them)
 * @param answers   what each tier tried so far gave, in order (the current tier is added when it ends)
 * @param judging   the attempt number of the judge asked about the last answer, while its verdict is awaited
 * @param rules     the id of the rules version the route was planned on (null in states stored before reloads)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouteTrack(String route, String matchedBy, int position, Integer maxTokens, boolean streams,
                         boolean logprobs, List<TierAnswer> answers, Integer judging, String rules) {

    public RouteTrack {
        answers = answers == null ? List.of() : List.copyOf(answers);
    }

    /** The track after the current tier ended with {@code answer}. */
    public RouteTrack with(TierAnswer answer) {
        List<TierAnswer> list = new ArrayList<>(answers);
        list.add(answer);
        return new RouteTrack(route, matchedBy, position, maxTokens, streams, logprobs, list, judging, rules);
    }

    /** The track awaiting the verdict of the judge asked in attempt {@code attempt} about the last answer. */
    public RouteTrack awaitingJudge(int attempt) {
        return new RouteTrack(route, matchedBy, position, maxTokens, streams, logprobs, answers, attempt, rules);
    }

    /** The track with the judge's verdict on the last answer (null when it gave none) and what it cost. */
    public RouteTrack judged(Double score, double cost) {
        List<TierAnswer> list = new ArrayList<>(answers);
        list.set(list.size() - 1, list.getLast().judged(score, cost));
        return new RouteTrack(route, matchedBy, position, maxTokens, streams, logprobs, list, null, rules);
    }

    /** Whether {@code attempt} is the judge this track awaits. */
    public boolean awaitsJudge(int attempt) {
        return judging != null && judging == attempt;
    }

    /** A route's track before its first tier runs, planned on the rules version {@code rules}. */
    public static RouteTrack start(String route, String matchedBy, String rules) {
        return new RouteTrack(route, matchedBy, 0, null, false, false, List.of(), null, rules);
    }

    /** The track running another tier. */
    public RouteTrack running(int newPosition, Integer cap, boolean streamsTokens, boolean asksLogprobs) {
        return new RouteTrack(route, matchedBy, newPosition, cap, streamsTokens, asksLogprobs, answers, null, rules);
    }

    /** The body sent to the current tier: its completion cap, and log probabilities when it scores them. */
    public ChatCompletionRequest body(ChatCompletionRequest requested) {
        ChatCompletionRequest sent = requested.withCompletionCap(maxTokens);
        return logprobs && sent.logprobs() == null ? sent.withLogprobs() : sent;
    }

    /** Whether some tier answered (an answer, however poor, can still be returned). */
    public boolean answered() {
        return answers.stream().anyMatch(a -> a.completion() != null);
    }
}
