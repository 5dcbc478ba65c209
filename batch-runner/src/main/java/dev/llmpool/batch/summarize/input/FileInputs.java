package dev.llmpool.batch.summarize.input;

import dev.llmpool.batch.summarize.plan.Document;
import dev.llmpool.schemas.json.JsonCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Documents from files and folders, in the order given (a folder's files by path, recursively): plain text and
 * Markdown as they are, HTML as text ({@link HtmlText}), PDF ({@link PdfText}), JSONL as one document per line
 * ({@code {"id", "text"}}, optionally {@code "title"}). In a folder, files of other types are skipped; a file named
 * on its own is read as text whatever its name. A document's id is its path as given (a folder's files: the
 * folder's path joined with the file's path inside it), a JSONL line's its {@code id}.
 */
public final class FileInputs implements DocumentSource {

    private static final Set<String> TEXT = Set.of("txt", "text", "md", "markdown");
    private static final Set<String> HTML = Set.of("html", "htm", "xhtml");
    private static final Set<String> JSONL = Set.of("jsonl", "ndjson");

    private final List<Path> inputs;
    private final JsonCodec codec;

    public FileInputs(List<Path> inputs, JsonCodec codec) {
        this.inputs = List.copyOf(inputs);
        this.codec = codec;
    }

    @Override
    public void read(Visitor visitor) {
        Set<String> seen = new HashSet<>();
        Visitor once = new Visitor() {
            @Override
            public void document(Document document) {
                if (seen.add(document.id())) {
                    visitor.document(document);
                } else {
                    visitor.unreadable(document.id(), "a document with this id came before");
                }
            }

            @Override
            public void unreadable(String id, String error) {
                visitor.unreadable(id, error);
            }
        };
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                for (Path file : files(input)) {
                    if (known(file)) {
                        file(file, once);
                    }
                }
            } else {
                file(input, once);
            }
        }
    }

    /** The regular files under a folder, by path. */
    private static List<Path> files(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static boolean known(Path file) {
        String ext = extension(file);
        return TEXT.contains(ext) || HTML.contains(ext) || JSONL.contains(ext) || "pdf".equals(ext);
    }

    private void file(Path file, Visitor visitor) {
        String id = file.toString();
        String ext = extension(file);
        try {
            if (JSONL.contains(ext)) {
                jsonl(file, visitor);
            } else if ("pdf".equals(ext)) {
                PdfText.Pdf pdf = PdfText.read(file);
                visitor.document(new Document(id, pdf.title() != null ? pdf.title() : stem(file), pdf.text()));
            } else if (HTML.contains(ext)) {
                HtmlText.Page page = HtmlText.read(Files.readString(file, StandardCharsets.UTF_8));
                visitor.document(new Document(id, page.title() != null ? page.title() : stem(file), page.text()));
            } else {
                visitor.document(new Document(id, stem(file),
                        Texts.normalize(Files.readString(file, StandardCharsets.UTF_8))));
            }
        } catch (CharacterCodingException e) {
            visitor.unreadable(id, "not UTF-8 text");
        } catch (IOException | UncheckedIOException e) {
            visitor.unreadable(id, "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            visitor.unreadable(id, e.toString());
        }
    }

    private void jsonl(Path file, Visitor visitor) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ":" + number;
                JsonNode node;
                try {
                    node = codec.readTree(line);
                } catch (JacksonException e) {
                    visitor.unreadable(where, "not JSON: " + e.getOriginalMessage());
                    continue;
                }
                JsonNode id = node.get("id");
                JsonNode text = node.get("text");
                if (id == null || !id.isValueNode() || id.asString().isBlank()
                        || text == null || !text.isString()) {
                    visitor.unreadable(where, "a line needs a string \"id\" and a string \"text\"");
                    continue;
                }
                JsonNode title = node.get("title");
                visitor.document(new Document(id.asString(), title != null && title.isString() ? title.asString()
                        : null, Texts.normalize(text.asString())));
            }
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    /** The inputs' paths, for messages. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        inputs.forEach(p -> names.add(p.toString()));
        return names;
    }
}
