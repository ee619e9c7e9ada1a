package dev.readaloud.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a reading into chunks a TTS worker can speak, losing nothing and keeping text order.
 *
 * <p>The text is cleaned ({@link TextCleaner}), every possible cut is found and rated
 * (paragraph, sentence, clause, word; a hard cut only inside a single token longer than
 * {@code maxChars}), then the chunk count is chosen: the smallest multiple of
 * {@code planWidth} that is at least the fewest chunks the text needs, so a render at that
 * concurrency ends in full rounds. When that many chunks would have to be shorter than
 * {@code minChars} (a short text), the next smaller multiple is tried, and finally the fewest
 * chunks. The cuts are then chosen for even sizes and strong boundaries ({@link ChunkBalancer}).
 * The plan depends only on the text and the settings. Time and memory are linear in the text.
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
        int[] cps = toPlannerForm(TextCleaner.clean(text));
        CutPoints cuts = CutPoints.find(cps, settings.maxChars());
        ChunkBalancer balancer = new ChunkBalancer(cuts, settings.maxChars(), settings.minChars());
        int[] ends = chooseEnds(balancer, settings);
        List<Chunk> chunks = new ArrayList<>(ends.length);
        int from = 0;
        for (int i = 0; i < ends.length; i++) {
            int start = cuts.start(from);
            int end = cuts.end(ends[i]);
            Boundary boundary = i == ends.length - 1 ? Boundary.PARAGRAPH : toBoundary(cuts.strength(ends[i]));
            chunks.add(new Chunk(i, chunkText(cps, start, end), end - start, boundary));
            from = ends[i];
        }
        return new ChunkPlan(chunks);
    }

    private static int[] chooseEnds(ChunkBalancer balancer, ChunkSettings settings) {
        int fewest = balancer.fewestChunks();
        int width = settings.planWidth();
        long minChars = settings.minChars();
        int count = (int) Math.min(Integer.MAX_VALUE, ((long) fewest + width - 1) / width * width);
        for (; count > fewest; count -= width) {
            if (count > balancer.mostChunks() || count * minChars > balancer.length()) {
                continue;
            }
            int[] ends = balancer.balance(count);
            if (allAtLeast(ends, balancer, minChars)) {
                return ends;
            }
        }
        return balancer.balance(fewest);
    }

    private static boolean allAtLeast(int[] ends, ChunkBalancer balancer, long minChars) {
        return balancer.smallestChunk(ends) >= minChars;
    }

    /** Cleaned text with each paragraph break as one {@link BoundaryRules#PARAGRAPH_MARK}, as code points. */
    private static int[] toPlannerForm(String cleaned) {
        return cleaned.replace(TextCleaner.PARAGRAPH_BREAK, "\n").codePoints().toArray();
    }

    private static String chunkText(int[] cps, int start, int end) {
        StringBuilder text = new StringBuilder(end - start + 8);
        for (int i = start; i < end; i++) {
            int cp = cps[i];
            text.appendCodePoint(cp == BoundaryRules.PARAGRAPH_MARK ? ' ' : cp);
        }
        return text.toString();
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
