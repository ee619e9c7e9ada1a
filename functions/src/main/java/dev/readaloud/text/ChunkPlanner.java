package dev.readaloud.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a reading into chunks a TTS worker can speak, losing nothing and keeping text order.
 *
 * <p>The text is cleaned ({@link TextCleaner}) and split into paragraphs. Every paragraph break
 * ends a chunk, so the stitcher's paragraph pause is heard at each of them whatever the plan
 * width: a chunk never runs two paragraphs into one spoken run. A heading (a line without final
 * punctuation followed by a blank line) is a paragraph of its own, so it is spoken alone and
 * followed by that pause instead of running into the next sentence.
 *
 * <p>Inside a paragraph every possible cut is found and rated (sentence, clause, word; a hard
 * cut only inside a single token longer than {@code maxChars}). Each paragraph gets the fewest
 * chunks it needs, its cuts chosen for even sizes and strong boundaries ({@link ChunkBalancer}).
 *
 * <p>Edit-stable: a paragraph's chunks depend on that paragraph alone, so editing, adding or
 * deleting a paragraph leaves every other paragraph's chunks as they were, and a render of the
 * edited text copies them from the shared chunk store instead of paying for them again. That is
 * why the plan width no longer rounds the chunk count of a reading up to full rounds: the chunks
 * added to reach a multiple went to the longest paragraphs, so one edit anywhere could move them
 * and re-plan paragraphs it never touched. The width still fills the first round of a reading
 * shorter than one: when the paragraphs need fewer than {@code planWidth} chunks together, up to
 * {@code planWidth} are made (one more at a time to the paragraph whose chunks are then the
 * longest, as long as none falls under {@code minChars}), so a short reading is spoken by as many
 * workers as the plan is made for. Such a reading is re-planned whole by an edit, at most
 * {@code planWidth} chunks.
 *
 * <p>The plan depends only on the text and the settings (never on the concurrency a render runs
 * at). Time and memory are linear in the text. A paragraph shorter than {@code minChars} (a
 * heading, a line of dialogue) is one chunk shorter than {@code minChars}.
 */
public final class ChunkPlanner {

    private ChunkPlanner() {
    }

    /**
     * Plans the chunks of {@code text}.
     *
     * @throws InvalidTextException when the text is empty after cleaning, or the settings are impossible
     */
    public static ChunkPlan plan(String text, ChunkSettings settings) {
        Objects.requireNonNull(settings, "settings");
        List<Paragraph> paragraphs = paragraphs(TextCleaner.clean(text), settings);
        int[] counts = chooseCounts(paragraphs, settings);
        List<Chunk> chunks = new ArrayList<>(Arrays.stream(counts).sum());
        for (int p = 0; p < paragraphs.size(); p++) {
            Paragraph paragraph = paragraphs.get(p);
            int[] ends = paragraph.balancer().balance(counts[p]);
            int from = 0;
            for (int i = 0; i < ends.length; i++) {
                int start = paragraph.cuts().start(from);
                int end = paragraph.cuts().end(ends[i]);
                Boundary boundary = i == ends.length - 1
                        ? Boundary.PARAGRAPH : toBoundary(paragraph.cuts().strength(ends[i]));
                chunks.add(new Chunk(chunks.size(), chunkText(paragraph.cps(), start, end), end - start, boundary));
                from = ends[i];
            }
        }
        return new ChunkPlan(chunks);
    }

    /** One paragraph of the cleaned text, as code points, with its cut points. */
    private record Paragraph(int[] cps, CutPoints cuts, ChunkBalancer balancer) {

        int length() {
            return cps.length;
        }

        /** Whether {@code count} chunks of this paragraph can all hold at least {@code minChars}. */
        boolean fits(int count, int minChars) {
            return count <= balancer.mostChunks() && (long) count * minChars <= length()
                    && balancer.smallestChunk(balancer.balance(count)) >= minChars;
        }
    }

    private static List<Paragraph> paragraphs(String cleaned, ChunkSettings settings) {
        List<Paragraph> paragraphs = new ArrayList<>();
        int from = 0;
        while (from <= cleaned.length()) {
            int at = cleaned.indexOf(TextCleaner.PARAGRAPH_BREAK, from);
            int to = at < 0 ? cleaned.length() : at;
            int[] cps = cleaned.substring(from, to).codePoints().toArray();
            CutPoints cuts = CutPoints.find(cps, settings.maxChars());
            paragraphs.add(new Paragraph(cps, cuts, new ChunkBalancer(cuts, settings.maxChars(), settings.minChars())));
            if (at < 0) {
                break;
            }
            from = at + TextCleaner.PARAGRAPH_BREAK.length();
        }
        return paragraphs;
    }

    /** How many chunks each paragraph gets; see the class comment. */
    private static int[] chooseCounts(List<Paragraph> paragraphs, ChunkSettings settings) {
        int[] fewest = new int[paragraphs.size()];
        long fewestTotal = 0;
        for (int p = 0; p < fewest.length; p++) {
            fewest[p] = paragraphs.get(p).balancer().fewestChunks();
            fewestTotal += fewest[p];
        }
        int width = settings.planWidth();
        if (fewestTotal >= width) {
            return fewest;
        }
        for (long count = width; count > fewestTotal; count--) {
            int[] counts = withExtraChunks(paragraphs, fewest, count - fewestTotal, settings.minChars());
            if (counts != null) {
                return counts;
            }
        }
        return fewest;
    }

    /**
     * The fewest counts plus {@code extra} chunks, each given to the paragraph whose chunks would
     * otherwise stay the longest on average; null when the extras do not fit above {@code minChars}.
     */
    private static int[] withExtraChunks(List<Paragraph> paragraphs, int[] fewest, long extra, int minChars) {
        int[] counts = fewest.clone();
        boolean[] full = new boolean[counts.length];
        for (long given = 0; given < extra; given++) {
            int best = longestOpen(paragraphs, counts, full);
            while (best >= 0 && !paragraphs.get(best).fits(counts[best] + 1, minChars)) {
                full[best] = true;
                best = longestOpen(paragraphs, counts, full);
            }
            if (best < 0) {
                return null;
            }
            counts[best]++;
        }
        return counts;
    }

    /** The paragraph not yet full with the longest chunks on average, or -1 when all are full. */
    private static int longestOpen(List<Paragraph> paragraphs, int[] counts, boolean[] full) {
        int best = -1;
        for (int p = 0; p < counts.length; p++) {
            if (!full[p] && (best < 0 || meanChars(paragraphs.get(p), counts[p])
                    > meanChars(paragraphs.get(best), counts[best]))) {
                best = p;
            }
        }
        return best;
    }

    private static double meanChars(Paragraph paragraph, int count) {
        return (double) paragraph.length() / count;
    }

    private static String chunkText(int[] cps, int start, int end) {
        return new String(cps, start, end - start);
    }

    private static Boundary toBoundary(byte strength) {
        return switch (strength) {
            case BoundaryRules.PARAGRAPH -> Boundary.PARAGRAPH;
            case BoundaryRules.SENTENCE -> Boundary.SENTENCE;
            case BoundaryRules.CLAUSE -> Boundary.CLAUSE;
            case BoundaryRules.WORD, BoundaryRules.WEAK -> Boundary.WORD;
            default -> Boundary.HARD;
        };
    }
}
