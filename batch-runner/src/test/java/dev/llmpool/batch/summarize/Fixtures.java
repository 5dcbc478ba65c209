package dev.llmpool.batch.summarize;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.RulesOutline;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;

/** The shipped public-domain texts (see src/test/resources/summarize/README.md), the pool's catalog and rules. */
public final class Fixtures {

    public static final String MOBY_DICK = "moby-dick-chapters-1-20.txt";
    public static final String TRUMAN_1946 = "sotu-1946-truman.txt";
    public static final String JEFFERSON_1801 = "sotu-1801-jefferson.txt";
    public static final String WASHINGTON_1790 = "sotu-1790-washington.txt";

    private Fixtures() {
    }

    public static String text(String name) {
        return resource("summarize/" + name);
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
