package dev.llmpool.batch.summarize;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.RulesOutline;
import dev.llmpool.testing.TextFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;

/** The public-domain texts of test-support's {@link TextFixtures}, the pool's catalog and rules. */
public final class Fixtures {

    public static final String MOBY_DICK = TextFixtures.MOBY_DICK;
    public static final String TRUMAN_1946 = TextFixtures.TRUMAN_1946;
    public static final String JEFFERSON_1801 = TextFixtures.JEFFERSON_1801;
    public static final String WASHINGTON_1790 = TextFixtures.WASHINGTON_1790;

    private Fixtures() {
    }

    public static String text(String name) {
        return TextFixtures.text(name);
    }

    public static ModelCatalog catalog() {
        return new CatalogLoader().load(new ClassPathResource("llmpool/catalog.yml"));
    }

    public static RulesOutline rules() {
        return RulesOutline.read(resource("llmpool/routes.yml"), "routes.yml");
    }

    private static String resource(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
