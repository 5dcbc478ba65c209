package dev.llmpool.simulator.generation;

import java.util.List;

/** The fixed words and cities generated text is drawn from. Changing them changes every output: don't. */
final class Vocabulary {

    static final List<String> WORDS = List.of(
            "the", "a", "model", "answer", "system", "request", "worker", "queue", "message", "result",
            "data", "value", "signal", "stream", "token", "cache", "route", "pool", "event", "record",
            "quick", "steady", "careful", "simple", "clear", "bright", "silent", "remote", "local", "early",
            "later", "often", "rarely", "always", "never", "together", "apart", "within", "beyond", "across",
            "river", "mountain", "forest", "harbor", "city", "garden", "window", "bridge", "island", "valley",
            "reads", "writes", "sends", "builds", "checks", "moves", "holds", "finds", "keeps", "shows",
            "and", "but", "so", "because", "while", "when", "where", "then", "also", "still",
            "of", "to", "in", "on", "with", "for", "from", "by", "about", "under",
            "green", "blue", "golden", "quiet", "rapid", "gentle", "strong", "light", "heavy", "warm",
            "plan", "idea", "story", "path", "map", "key", "door", "light", "note", "line",
            "is", "was", "will", "can", "should", "might", "must", "could", "does", "has",
            "every", "some", "many", "few", "each", "other", "another", "first", "last", "next",
            "report", "summary", "detail", "example", "reason", "method", "choice", "change", "question", "number",
            "runs", "waits", "returns", "starts", "stops", "learns", "grows", "turns", "opens", "closes");

    static final List<String> CITIES = List.of(
            "Paris", "Tokyo", "Lisbon", "Nairobi", "Lima", "Oslo", "Seoul", "Cairo", "Toronto", "Sydney",
            "Berlin", "Madrid", "Hanoi", "Quito", "Dublin", "Prague");

    static final String REFUSAL = "I'm sorry, but I can't help with that request.";

    private Vocabulary() {
    }
}
