package dev.llmpool.launcher.command.batch;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.launcher.batch.Prices;
import dev.llmpool.launcher.batch.ProgressMode;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.DefaultResourceLoader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How a batch is watched and priced. */
public final class WatchOptions {
    @Option(names = "--catalog", defaultValue = "classpath:llmpool/catalog.yml",
            description = "The model catalog whose prices cost the tokens; the one the pool runs with "
                    + "(default ${DEFAULT-VALUE}).")
    String catalog;

    @Option(names = "--progress", defaultValue = "auto",
            description = "auto (a live bar on a terminal, plain lines otherwise), bar or plain "
                    + "(default ${DEFAULT-VALUE}).")
    String progress;

    @Option(names = "--poll-interval", defaultValue = "1s",
            description = "How often the batch is looked at while watching (default ${DEFAULT-VALUE}).")
    String pollInterval;

    @Option(names = "--log-interval", defaultValue = "5s",
            description = "Plain progress: a line this often, and at each change of status "
                    + "(default ${DEFAULT-VALUE}).")
    String logInterval;

    /** The options read and checked, before anything is sent. */
    Watching check(CommandSpec spec) {
        ProgressMode mode;
        try {
            mode = ProgressMode.valueOf(progress.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--progress: '" + progress
                    + "' is not auto, bar or plain");
        }
        Prices prices;
        try {
            prices = new Prices(new CatalogLoader().load(new DefaultResourceLoader().getResource(catalog)));
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--catalog " + catalog + ": " + e.getMessage());
        }
        return new Watching(mode, duration(spec, "--poll-interval", pollInterval),
                duration(spec, "--log-interval", logInterval), prices);
    }

    private static Duration duration(CommandSpec spec, String option, String text) {
        try {
            Duration value = DurationStyle.detectAndParse(text);
            if (!value.isNegative() && !value.isZero()) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new ParameterException(spec.commandLine(), option + ": '" + text
                + "' is not a positive duration such as 1s or 500ms");
    }
}
