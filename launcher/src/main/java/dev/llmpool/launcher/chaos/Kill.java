package dev.llmpool.launcher.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One kill of a run: when ({@code epochMillis}) and what. Read from the kill log a chaos script writes, one kill a
 * line: {@code <epoch millis> <what>}.
 */
public record Kill(long epochMillis, String what) {

    static List<Kill> read(Path log) throws IOException {
        if (log == null || !Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream().map(String::strip).filter(line -> !line.isEmpty())
                .map(Kill::parse).toList();
    }

    static Kill parse(String line) {
        String[] parts = line.split("\\s+", 2);
        return new Kill(Long.parseLong(parts[0]), parts.length > 1 ? parts[1] : "");
    }
}
