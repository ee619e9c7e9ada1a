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
 * edited text copies them from the shared chunk store instead of paying for them again. Rounding
 * the chunk count up to a multiple of {@code planWidth} (full rounds at that concurrency) would
 * undo that: the added chunks go to the longest paragraphs, so one edit anywhere can move them
 * and re-plan paragraphs it never touched. So only a reading of at most {@value #ROUNDED_ROUNDS}
 * rounds is rounded up (the chunks above the fewest given one at a time to the paragraph whose
 * chunks are then the longest, as long as none falls under {@code minChars}; when they do not fit,
 * the next smaller multiple, and finally the fewest): there a short last round costs the most,
 * and an edit re-plans at most {@value #ROUNDED_ROUNDS} rounds of chunks. A longer reading gets
 * the fewest chunks of each paragraph; its last round may be short, which costs less the more
 * rounds there are (docs/BENCHMARKS.md, "Edit and re-render").
 *
 * <p>The plan depends only on the text and the settings (never on the concurrency a render runs
 * at). Time and memory are linear in the text. A paragraph shorter than {@code minChars} (a
 * heading, a line of dialogue) is one chunk shorter than {@code minChars}.
 */
public final class ChunkPlanner {

    /**
     * Readings of at most this many rounds of the plan width get a chunk count that is a multiple of it:
     * there one short last round costs the most (a third of the render at two rounds), and an edit
     * re-plans at most this many rounds' chunks. Longer readings get the fewest chunks of each
     * paragraph, so an edit re-plans only the paragraphs it touches.
     */
    static final int ROUNDED_ROUNDS = 3;

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
        if (fewestTotal > (long) ROUNDED_ROUNDS * width) {
            return fewest;
        }
        for (long count = (fewestTotal + width - 1) / width * width; count > fewestTotal; count -= width) {
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
