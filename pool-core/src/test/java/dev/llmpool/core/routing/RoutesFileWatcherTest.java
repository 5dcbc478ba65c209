package dev.llmpool.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Driven through {@link RoutesFileWatcher#check()}: no scheduler, no waiting. */
class RoutesFileWatcherTest {

    private static final String ONE = "routes:\n  balanced:\n    aliases: [balanced]\n";
    private static final String TWO = "routes:\n  balanced:\n    aliases: [balanced, smart]\n";
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;

    private Path write(String text, Instant modified) throws IOException {
        Path file = dir.resolve("routes.yml");
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void aChangedFileIsOfferedOnceAndAnUnchangedOneNotAtAll() throws IOException {
        Path file = write(ONE, T0);
        LiveRoutes routes = new LiveRoutes(ONE, file.toString(), new SimpleMeterRegistry());
        RoutesFileWatcher watcher = new RoutesFileWatcher(file, routes);

        assertThat(watcher.check()).as("nothing changed").isFalse();
        write(TWO, T0.plusSeconds(5));
        assertThat(watcher.check()).isTrue();
        assertThat(routes.aliases().names()).contains("smart");
        assertThat(watcher.check()).as("seen already").isFalse();
    }

    @Test
    void aTouchWithTheSameTextOffersNothing() throws IOException {
        Path file = write(ONE, T0);
        LiveRoutes routes = new LiveRoutes(ONE, file.toString(), new SimpleMeterRegistry());
        RoutesFileWatcher watcher = new RoutesFileWatcher(file, routes);

        write(ONE, T0.plusSeconds(5));

        assertThat(watcher.check()).isFalse();
    }

    @Test
    void aRefusedVersionIsNotOfferedAgainUntilTheFileChangesOnceMore() throws IOException {
        Path file = write(ONE, T0);
        LiveRoutes routes = new LiveRoutes(ONE, file.toString(), new SimpleMeterRegistry());
        routes.listen(rules -> {
            if (rules.text().contains("broken")) {
                throw new IllegalArgumentException(rules.source() + " line 2: broken");
            }
            return () -> { };
        });
        RoutesFileWatcher watcher = new RoutesFileWatcher(file, routes);

        write(ONE + "# broken\n", T0.plusSeconds(5));
        assertThat(watcher.check()).isTrue();
        assertThat(routes.current().text()).isEqualTo(ONE);
        assertThat(watcher.check()).isFalse();

        write(TWO, T0.plusSeconds(10));
        assertThat(watcher.check()).isTrue();
        assertThat(routes.current().text()).isEqualTo(TWO);
    }

    @Test
    void aMissingFileKeepsTheRulesInForce() throws IOException {
        Path file = write(ONE, T0);
        LiveRoutes routes = new LiveRoutes(ONE, file.toString(), new SimpleMeterRegistry());
        RoutesFileWatcher watcher = new RoutesFileWatcher(file, routes);

        Files.delete(file);

        assertThat(watcher.check()).isFalse();
        assertThat(routes.current().text()).isEqualTo(ONE);
    }
}
