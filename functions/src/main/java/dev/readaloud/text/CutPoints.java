package dev.readaloud.text;

import java.util.Arrays;

/**
 * Every place a cleaned text may be cut, in text order, as "nodes": node 0 is the start of the
 * text, the last node its end, and a chunk from node {@code a} to node {@code b > a} is the code
 * points {@code [start(a), end(b))}. A cut at whitespace drops that one whitespace code point
 * (end = its index, start = the index after it); a cut without whitespace drops nothing.
 *
 * <p>Hard cuts (inside a token) are added only where the soft cuts leave a stretch longer than
 * the limit, so a token is cut hard only when it alone exceeds {@code maxChars}.
 */
final class CutPoints {

    private final int[] ends;
    private final int[] starts;
    private final byte[] strengths;
    private final int count;

    private CutPoints(int[] ends, int[] starts, byte[] strengths, int count) {
        this.ends = ends;
        this.starts = starts;
        this.strengths = strengths;
        this.count = count;
    }

    /** Finds the cut points of {@code cps} (planner form: see {@link BoundaryRules}); linear time. */
    static CutPoints find(int[] cps, int maxChars) {
        Builder soft = new Builder(cps.length / 4 + 2);
        soft.add(0, 0, BoundaryRules.PARAGRAPH); // node 0: the start
        int tokenStart = 0;
        int i = 0;
        while (i < cps.length) {
            if (BoundaryRules.isWhitespace(cps[i])) {
                int nextEnd = i + 1;
                while (nextEnd < cps.length && !BoundaryRules.isWhitespace(cps[nextEnd])) {
                    nextEnd++;
                }
                soft.add(i, i + 1, BoundaryRules.atWhitespace(cps, tokenStart, i, nextEnd));
                tokenStart = i + 1;
            } else if (i > tokenStart && !BoundaryRules.isWhitespace(cps[i - 1])) {
                int strength = BoundaryRules.withoutWhitespace(cps, i);
                if (strength >= 0) {
                    soft.add(i, i, (byte) strength);
                }
            }
            i++;
        }
        soft.add(cps.length, cps.length, BoundaryRules.PARAGRAPH); // last node: the end
        return withHardCuts(cps, soft, maxChars);
    }

    private static CutPoints withHardCuts(int[] cps, Builder soft, int maxChars) {
        Builder all = null;
        for (int node = 1; node < soft.count; node++) {
            int from = soft.starts[node - 1];
            int to = soft.ends[node];
            if (to - from > maxChars) {
                if (all == null) {
                    all = new Builder(soft.count + (cps.length / Math.max(1, maxChars)) * 2 + 16);
                    for (int k = 0; k < node; k++) {
                        all.add(soft.ends[k], soft.starts[k], soft.strengths[k]);
                    }
                }
                int lastCut = from;
                for (int at = from + 1; at < to; at++) {
                    if (BoundaryRules.hardCutAllowed(cps, at) || at - lastCut >= maxChars) {
                        all.add(at, at, BoundaryRules.HARD);
                        lastCut = at;
                    }
                }
            }
            if (all != null) {
                all.add(soft.ends[node], soft.starts[node], soft.strengths[node]);
            }
        }
        Builder chosen = all == null ? soft : all;
        return new CutPoints(chosen.ends, chosen.starts, chosen.strengths, chosen.count);
    }

    /** Number of nodes, including the start and the end of the text. */
    int count() {
        return count;
    }

    /** Index just past the last code point of a chunk that ends at {@code node}. */
    int end(int node) {
        return ends[node];
    }

    /** Index of the first code point of a chunk that starts at {@code node}. */
    int start(int node) {
        return starts[node];
    }

    /** The {@link BoundaryRules} strength of the cut at {@code node}. */
    byte strength(int node) {
        return strengths[node];
    }

    private static final class Builder {
        int[] ends;
        int[] starts;
        byte[] strengths;
        int count;

        Builder(int capacity) {
            ends = new int[capacity];
            starts = new int[capacity];
            strengths = new byte[capacity];
        }

        void add(int end, int start, byte strength) {
            if (count == ends.length) {
                int grown = count * 2 + 16;
                ends = Arrays.copyOf(ends, grown);
                starts = Arrays.copyOf(starts, grown);
                strengths = Arrays.copyOf(strengths, grown);
            }
            ends[count] = end;
            starts[count] = start;
            strengths[count] = strength;
            count++;
        }
    }
}
