package dev.llmpool.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real long public-domain texts for the summarization tests (tens of thousands of tokens; sources and licences in
 * {@code fixtures/summarize/README.md} beside them).
 */
public final class TextFixtures {

    /** Melville, Moby Dick, chapters 1 to 20 (~36,000 words, paragraphs). */
    public static final String MOBY_DICK = "moby-dick-chapters-1-20.txt";
    /** Truman's 1946 State of the Union message (~27,700 words, one line). */
    public static final String TRUMAN_1946 = "sotu-1946-truman.txt";
    /** Jefferson's 1801 State of the Union address (~3,200 words). */
    public static final String JEFFERSON_1801 = "sotu-1801-jefferson.txt";
    /** Washington's 1790 State of the Union address (~1,400 words). */
    public static final String WASHINGTON_1790 = "sotu-1790-washington.txt";

    public static final List<String> ALL = List.of(MOBY_DICK, TRUMAN_1946, JEFFERSON_1801, WASHINGTON_1790);

    private TextFixtures() {
    }

    public static String text(String name) {
        try (InputStream in = TextFixtures.class.getResourceAsStream("/fixtures/summarize/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the named fixtures into a folder (as inputs of a command) and returns the folder. */
    public static Path copy(Path folder, List<String> names) {
        try {
            Files.createDirectories(folder);
            for (String name : names) {
                Files.writeString(folder.resolve(name), text(name), StandardCharsets.UTF_8);
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
