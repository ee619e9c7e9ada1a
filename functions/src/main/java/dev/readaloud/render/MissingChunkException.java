package dev.readaloud.render;

import java.util.List;

/** Stitching found chunks of the plan missing from S3; the message names their indexes. Not retried. */
public class MissingChunkException extends RuntimeException {

    private final List<Integer> missingIndexes;

    public MissingChunkException(String renderId, List<Integer> missingIndexes, int chunkCount) {
        super("render " + renderId + ": " + missingIndexes.size() + " of " + chunkCount + " chunks missing, chunk"
                + (missingIndexes.size() == 1 ? " " : "s ") + describe(missingIndexes));
        this.missingIndexes = List.copyOf(missingIndexes);
    }

    /** The missing chunk indexes, ascending. */
    public List<Integer> missingIndexes() {
        return missingIndexes;
    }

    private static String describe(List<Integer> indexes) {
        List<Integer> shown = indexes.subList(0, Math.min(20, indexes.size()));
        String list = String.join(", ", shown.stream().map(String::valueOf).toList());
        return indexes.size() > shown.size() ? list + ", ..." : list;
    }
}
