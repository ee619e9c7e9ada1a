package dev.readaloud.text;

/**
 * Chooses which cut points end the chunks, for a given chunk count, so that sizes are even and
 * cuts fall on strong boundaries.
 *
 * <p>Two linear passes, both local (they only look at the cut points within {@code maxChars} of
 * the current chunk, so the whole plan is linear in the text length):
 * <ol>
 * <li>Left to right, each chunk takes the cut point with the lowest cost among those that keep
 *     the rest of the text feasible, for a target size of (rest of the text) / (chunks left).
 *     Feasibility comes from {@code fewest[node]}, the fewest chunks the text after a node needs,
 *     computed once from the end with a farthest-reach sweep (optimal for interval jumps).</li>
 * <li>A few sweeps re-choose the cut between each pair of neighbouring chunks, against the
 *     global mean size, which smooths what the first pass could not see coming.</li>
 * </ol>
 * Cost = squared relative deviation from the target size, plus a penalty per boundary strength
 * (a paragraph or sentence end costs little, a word break more, a hard cut a lot), plus large
 * penalties for a chunk under {@code minChars} or over 1.5 times the mean.
 */
final class ChunkBalancer {

    private static final double SIZE_WEIGHT = 2.5;
    /** Penalty per {@link BoundaryRules} strength: HARD, WEAK, WORD, CLAUSE, SENTENCE, PARAGRAPH. */
    private static final double[] STRENGTH_PENALTY = {30.0, 4.0, 1.5, 0.5, 0.1, 0.0};
    private static final double UNDER_MIN_PENALTY = 100.0;
    private static final double OVER_BAND_PENALTY = 10.0;
    private static final double BAND = 1.5;
    private static final int REFINE_SWEEPS = 3;

    private final CutPoints cuts;
    private final int maxChars;
    private final int minChars;
    private final int last;
    private final int[] fewest;

    ChunkBalancer(CutPoints cuts, int maxChars, int minChars) {
        this.cuts = cuts;
        this.maxChars = maxChars;
        this.minChars = minChars;
        this.last = cuts.count() - 1;
        this.fewest = fewestChunksAfter(cuts, maxChars);
    }

    /** The fewest chunks the whole text needs (every chunk at most maxChars). */
    int fewestChunks() {
        return fewest[0];
    }

    /** Most chunks the cut points allow. */
    int mostChunks() {
        return last;
    }

    /** Size in code points of the smallest chunk of {@code ends} (as returned by {@link #balance}). */
    int smallestChunk(int[] ends) {
        int smallest = Integer.MAX_VALUE;
        int from = 0;
        for (int end : ends) {
            smallest = Math.min(smallest, cuts.end(end) - cuts.start(from));
            from = end;
        }
        return smallest;
    }

    /** Total length in code points. */
    int length() {
        return cuts.end(last);
    }

    private static int[] fewestChunksAfter(CutPoints cuts, int maxChars) {
        int last = cuts.count() - 1;
        int[] fewest = new int[last + 1];
        fewest[last] = 0;
        // farthest[a] is monotone in a, so walk a downwards with the reach pointer moving down too
        int reach = last;
        for (int a = last - 1; a >= 0; a--) {
            while (cuts.end(reach) - cuts.start(a) > maxChars) {
                reach--;
            }
            if (reach <= a) {
                throw new IllegalStateException("no cut point within " + maxChars + " characters of " + cuts.start(a));
            }
            fewest[a] = 1 + fewest[reach];
        }
        return fewest;
    }

    /**
     * The nodes that end each of {@code count} chunks, in order; the last is always the end node.
     * {@code count} must be between {@link #fewestChunks()} and {@link #mostChunks()}.
     */
    int[] balance(int count) {
        int[] ends = new int[count];
        double mean = (double) length() / count;
        int from = 0;
        for (int chunk = 0; chunk < count - 1; chunk++) {
            int left = count - chunk;
            double target = (double) (length() - cuts.start(from) - (left - 1)) / left;
            ends[chunk] = bestEnd(from, left, target, mean);
            from = ends[chunk];
        }
        ends[count - 1] = last;
        for (int sweep = 0; sweep < REFINE_SWEEPS; sweep++) {
            boolean changed = false;
            for (int chunk = 0; chunk < count - 1; chunk++) {
                int before = chunk == 0 ? 0 : ends[chunk - 1];
                int better = bestMiddle(before, ends[chunk], ends[chunk + 1], mean);
                if (better != ends[chunk]) {
                    ends[chunk] = better;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return ends;
    }

    private int bestEnd(int from, int chunksLeft, double target, double mean) {
        int best = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        int startAt = cuts.start(from);
        for (int node = from + 1; node < last && cuts.end(node) - startAt <= maxChars; node++) {
            if (fewest[node] > chunksLeft - 1) {
                continue;
            }
            if (last - node < chunksLeft - 1) {
                break;
            }
            int size = cuts.end(node) - startAt;
            double cost = cost(size, target, mean) + STRENGTH_PENALTY[cuts.strength(node)];
            int rest = length() - cuts.start(node);
            if (rest < (long) minChars * (chunksLeft - 1)) {
                cost += UNDER_MIN_PENALTY;
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = node;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no feasible cut after " + startAt + " for " + chunksLeft + " chunks");
        }
        return best;
    }

    private int bestMiddle(int before, int current, int after, double mean) {
        int startAt = cuts.start(before);
        int endAt = cuts.end(after);
        int best = current;
        double bestCost = pairCost(startAt, current, endAt, mean);
        for (int node = before + 1; node < after && cuts.end(node) - startAt <= maxChars; node++) {
            if (endAt - cuts.start(node) > maxChars || node == current) {
                continue;
            }
            double cost = pairCost(startAt, node, endAt, mean);
            if (cost < bestCost) {
                bestCost = cost;
                best = node;
            }
        }
        return best;
    }

    private double pairCost(int startAt, int node, int endAt, double mean) {
        return cost(cuts.end(node) - startAt, mean, mean) + cost(endAt - cuts.start(node), mean, mean)
                + STRENGTH_PENALTY[cuts.strength(node)];
    }

    private double cost(int size, double target, double mean) {
        double deviation = (size - target) / target;
        double cost = SIZE_WEIGHT * deviation * deviation;
        if (size < minChars) {
            cost += UNDER_MIN_PENALTY;
        }
        if (size > BAND * mean) {
            cost += OVER_BAND_PENALTY;
        }
        return cost;
    }
}
