package dev.readaloud.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/** Checks a plan against the cleaned text it came from; used by the property and named tests. */
final class PlanChecker {

    /** Where chunk {@code index} ends and the next starts, in offsets of the cleaned text; {@code gap} is what lies between. */
    record Seam(int index, int end, int nextStart, String gap) {
    }

    private PlanChecker() {
    }

    /**
     * Walks the cleaned text chunk by chunk: every chunk must be the next stretch of the text
     * (a paragraph break read as one space), with nothing or one whitespace between chunks, and
     * the walk must end at the end of the text. Returns the seams between chunks.
     */
    static List<Seam> walk(String clean, ChunkPlan plan) {
        List<Seam> seams = new ArrayList<>();
        int pos = 0;
        List<Chunk> chunks = plan.chunks();
        for (int c = 0; c < chunks.size(); c++) {
            String text = chunks.get(c).text();
            for (int i = 0; i < text.length(); i++) {
                char expected = text.charAt(i);
                if (expected == ' ' && clean.startsWith("\n\n", pos)) {
                    pos += 2;
                } else if (pos < clean.length() && clean.charAt(pos) == expected) {
                    pos++;
                } else {
                    fail("chunk %d differs from the text at offset %d: chunk has '%s', text has '%s'", c, pos,
                            text.substring(i, Math.min(text.length(), i + 20)),
                            clean.substring(pos, Math.min(clean.length(), pos + 20)));
                }
            }
            int end = pos;
            if (clean.startsWith("\n\n", pos)) {
                pos += 2;
            } else if (pos < clean.length() && clean.charAt(pos) == ' ') {
                pos++;
            }
            if (c < chunks.size() - 1) {
                seams.add(new Seam(c, end, pos, clean.substring(end, pos)));
            }
        }
        assertThat(pos).as("the chunks cover the whole text").isEqualTo(clean.length());
        return seams;
    }

    /** Invariants that hold for every plan. */
    static List<Seam> checkAlways(String clean, ChunkPlan plan, ChunkSettings settings) {
        List<Chunk> chunks = plan.chunks();
        assertThat(chunks).isNotEmpty();
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            assertThat(chunk.index()).isEqualTo(i);
            assertThat(chunk.chars()).isEqualTo(chunk.text().codePointCount(0, chunk.text().length()));
            assertThat(chunk.chars()).as("chunk %d size", i).isBetween(1, settings.maxChars());
            assertThat(chunk.text()).as("chunk %d", i).doesNotContain("\n", "  ", "\r", "\t")
                    .doesNotStartWith(" ").doesNotEndWith(" ");
        }
        assertThat(chunks.getLast().boundary()).isEqualTo(Boundary.PARAGRAPH);
        List<Seam> seams = walk(clean, plan);
        long paragraphBreaks = (clean.length() - clean.replace("\n\n", "").length()) / 2;
        assertThat(seams.stream().filter(seam -> seam.gap().equals("\n\n")).count())
                .as("every paragraph break ends a chunk").isEqualTo(paragraphBreaks);
        for (Seam seam : seams) {
            Boundary boundary = chunks.get(seam.index()).boundary();
            assertThat(boundary == Boundary.PARAGRAPH).as("seam %s is a paragraph break iff marked so", seam)
                    .isEqualTo(seam.gap().equals("\n\n"));
            if (boundary == Boundary.HARD) {
                assertThat(seam.gap()).isEmpty();
                assertThat(tokenLengthAround(clean, seam.end())).as("a hard cut is inside a token over the limit")
                        .isGreaterThan(settings.maxChars());
            }
        }
        return seams;
    }

    /** Length of the run of non-whitespace characters around {@code offset} (code points). */
    static int tokenLengthAround(String clean, int offset) {
        int start = offset;
        while (start > 0 && !Character.isWhitespace(clean.charAt(start - 1))) {
            start--;
        }
        int end = offset;
        while (end < clean.length() && !Character.isWhitespace(clean.charAt(end))) {
            end++;
        }
        return clean.codePointCount(start, end);
    }

    /**
     * The fewest chunks a text of words needs when every paragraph break ends a chunk: per
     * paragraph, greedy fill to the limit at whitespace, cutting anywhere only inside tokens longer
     * than the limit (greedy farthest-reach is optimal).
     */
    static int fewestChunks(String clean, int maxChars) {
        int total = 0;
        for (String paragraph : clean.split("\n\n", -1)) {
            total += fewestChunksOfParagraph(paragraph, maxChars);
        }
        return total;
    }

    private static int fewestChunksOfParagraph(String paragraph, int maxChars) {
        int[] cps = paragraph.codePoints().toArray();
        // allowed cut positions: whitespace (dropped) or inside an over-long token (nothing dropped)
        boolean[] cutAt = new boolean[cps.length + 1];
        int tokenStart = 0;
        for (int i = 0; i <= cps.length; i++) {
            if (i == cps.length || cps[i] == ' ') {
                if (i - tokenStart > maxChars) {
                    for (int k = tokenStart + 1; k < i; k++) {
                        cutAt[k] = true;
                    }
                }
                cutAt[i] = true;
                tokenStart = i + 1;
            }
        }
        int count = 0;
        int start = 0;
        while (true) {
            count++;
            if (cps.length - start <= maxChars) {
                return count;
            }
            int end = start + maxChars;
            while (!cutAt[end]) {
                end--;
            }
            start = end < cps.length && cps[end] == ' ' ? end + 1 : end;
        }
    }
}
