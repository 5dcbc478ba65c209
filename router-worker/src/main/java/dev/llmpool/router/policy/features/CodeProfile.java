package dev.llmpool.router.policy.features;

import java.util.regex.Pattern;

/**
 * How much of a text is code: lines inside fenced blocks ({@code ```} or {@code ~~~}) count as code, and so do
 * code-like lines outside them (statements ending in {@code ;} or a brace, common keywords at the start of a
 * line, shell prompts, assignments with operators).
 *
 * @param fencedBlocks the number of fenced blocks
 * @param codeLines    code lines, fenced or code-like
 * @param lines        non-blank lines
 */
public record CodeProfile(int fencedBlocks, int codeLines, int lines) {

    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~).*");
    private static final Pattern CODE_LIKE = Pattern.compile(
            "^\\s*(?:"
                    + "(?:def|class|import|from\\s+\\S+\\s+import|package|public|private|protected|static|final|"
                    + "func|fn|let|const|var|val|return|function|async|await|#include|#define|using|namespace|"
                    + "struct|enum|interface|impl|pub|SELECT|INSERT|UPDATE|DELETE|CREATE)\\b.*"
                    + "|(?:if|for|while|switch|catch)\\s*\\(.*"
                    + "|.*[;{}]\\s*$"
                    + "|\\$\\s+\\S+.*"
                    + "|[A-Za-z_][\\w.\\[\\]]*\\s*(?:=|\\+=|-=|:=|=>)\\s*\\S.*[()\\[\\];].*"
                    + "|(?://|#!).*"
                    + ")");

    public static CodeProfile of(String text) {
        int blocks = 0;
        int code = 0;
        int lines = 0;
        boolean inFence = false;
        for (String line : text.split("\\R")) {
            if (FENCE.matcher(line).matches()) {
                if (!inFence) {
                    blocks++;
                }
                inFence = !inFence;
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            lines++;
            if (inFence || CODE_LIKE.matcher(line).matches()) {
                code++;
            }
        }
        return new CodeProfile(blocks, code, lines);
    }

    /** Code lines over non-blank lines, in [0,1]. */
    public double share() {
        return lines == 0 ? 0 : (double) codeLines / lines;
    }

    /** A fenced block, or at least two code-like lines making up a fifth of the text. */
    public boolean present() {
        return fencedBlocks > 0 || codeLines >= 2 && share() >= 0.2;
    }
}
