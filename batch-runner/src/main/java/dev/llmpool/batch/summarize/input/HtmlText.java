package dev.llmpool.batch.summarize.input;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/** An HTML page as text (jsoup): its title, and its body's text with a blank line around every block element. */
public final class HtmlText {

    private HtmlText() {
    }

    public record Page(String title, String text) {
    }

    public static Page read(String html) {
        org.jsoup.nodes.Document page = Jsoup.parse(html);
        page.select("script, style, noscript, template").remove();
        StringBuilder text = new StringBuilder();
        page.body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    text.append(t.text());
                } else if (node instanceof Element e && (e.isBlock() || e.nameIs("br"))) {
                    text.append("\n\n");
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && e.isBlock()) {
                    text.append("\n\n");
                }
            }
        });
        String title = page.title().isBlank() ? null : page.title().strip();
        return new Page(title, Texts.normalize(text.toString()));
    }
}
