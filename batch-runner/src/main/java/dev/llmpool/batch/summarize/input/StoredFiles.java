package dev.llmpool.batch.summarize.input;

import dev.llmpool.batch.summarize.plan.Document;
import dev.llmpool.core.batch.FileObject;
import dev.llmpool.core.batch.FileRecords;
import dev.llmpool.core.files.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A document held by a file of the Files API, read as {@link FileInputs} reads one on disk by its filename's
 * extension: PDF ({@link PdfText}), HTML as text ({@link HtmlText}), anything else UTF-8 text.
 */
public final class StoredFiles {

    /** The file's record or bytes are gone, or they are not a document: the request cannot be served. */
    public static final class UnreadableFile extends RuntimeException {
        UnreadableFile(String message) {
            super(message);
        }
    }

    private final FileRecords records;
    private final FileStore store;

    public StoredFiles(FileRecords records, FileStore store) {
        this.records = records;
        this.store = store;
    }

    /**
     * @param title the request's title, or null for the file's own (a PDF's or HTML page's title, else its name)
     * @throws UnreadableFile when there is no such file or it holds no readable text
     * @throws UncheckedIOException when the store could not be read (worth trying again)
     */
    public Document read(String id, String fileId, String title) {
        FileObject file = records.find(fileId).orElseThrow(() -> new UnreadableFile("no file " + fileId
                + " (never uploaded, deleted, or expired)"));
        byte[] bytes;
        Optional<InputStream> opened = store.open(file.storageKey());
        if (opened.isEmpty()) {
            throw new UnreadableFile("the bytes of file " + fileId + " are gone from the file store");
        }
        try (InputStream in = opened.get()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read file " + fileId, e);
        }
        String name = file.filename() == null ? fileId : file.filename();
        String extension = name.lastIndexOf('.') < 0 ? "" : name.substring(name.lastIndexOf('.') + 1)
                .toLowerCase(Locale.ROOT);
        String stem = name.lastIndexOf('.') <= 0 ? name : name.substring(0, name.lastIndexOf('.'));
        try {
            if ("pdf".equals(extension)) {
                PdfText.Pdf pdf = PdfText.read(bytes);
                return new Document(id, title != null ? title : pdf.title() != null ? pdf.title() : stem, pdf.text());
            }
            if (extension.equals("html") || extension.equals("htm") || extension.equals("xhtml")) {
                HtmlText.Page page = HtmlText.read(utf8(bytes, fileId));
                return new Document(id, title != null ? title : page.title() != null ? page.title() : stem,
                        page.text());
            }
            return new Document(id, title != null ? title : stem, Texts.normalize(utf8(bytes, fileId)));
        } catch (IOException e) {
            throw new UnreadableFile("file " + fileId + " is not a readable PDF: " + e.getMessage());
        }
    }

    private static String utf8(byte[] bytes, String fileId) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableFile("file " + fileId + " is not UTF-8 text");
        }
    }
}
