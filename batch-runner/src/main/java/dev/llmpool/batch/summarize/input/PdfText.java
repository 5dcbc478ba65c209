package dev.llmpool.batch.summarize.input;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** A PDF's text (Apache PDFBox), paragraphs as PDFBox detects them, and its title when its metadata has one. */
public final class PdfText {

    private PdfText() {
    }

    public record Pdf(String title, String text) {
    }

    public static Pdf read(Path file) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setParagraphEnd("\n\n");
            String title = pdf.getDocumentInformation() == null ? null : pdf.getDocumentInformation().getTitle();
            return new Pdf(title == null || title.isBlank() ? null : title.strip(),
                    Texts.normalize(stripper.getText(pdf)));
        }
    }
}
