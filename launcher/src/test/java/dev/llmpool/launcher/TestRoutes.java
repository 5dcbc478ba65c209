package dev.llmpool.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The routing rules the whole-pool tests run on: the shipped rules plus a {@code checked} route, written to a file
 * the pool watches (so a test may rewrite it and must put {@link #TEXT} back). {@code checked}'s first tier
 * (gpt-4o-mini) is accepted only when its answer finished, is valid JSON when JSON was asked for, and mentions
 * {@code answer}; otherwise gpt-4o answers.
 */
final class TestRoutes {

    static final String CHECKED = """
              checked:
                aliases: [checked]
                tiers:
                  - model: gpt-4o-mini
                    accept:
                      threshold: 0.5
                      expected_pattern: 'answer'
                      scorers: [finish_reason, json, pattern]
                  - model: gpt-4o
            """;

    /** The rules file's text as the pool starts. */
    static final String TEXT = withChecked(shipped());

    /** Lazily created: the one file every whole-pool test context shares. */
    private static final class Holder {
        private static final Path FILE = write();
    }

    private TestRoutes() {
    }

    static Path file() {
        return Holder.FILE;
    }

    /** As a Spring resource location. */
    static String location() {
        return file().toUri().toString();
    }

    private static String shipped() {
        try (InputStream in = TestRoutes.class.getResourceAsStream("/llmpool/routes.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withChecked(String rules) {
        String marker = "\nroutes:\n";
        int at = rules.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("the shipped rules have no top-level 'routes:' line");
        }
        int insert = at + marker.length();
        return rules.substring(0, insert) + CHECKED + rules.substring(insert);
    }

    private static Path write() {
        try {
            Path dir = Files.createTempDirectory("llmpool-routes-");
            Path file = dir.resolve("routes.yml");
            Files.writeString(file, TEXT);
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
