package dev.readaloud.render;

import java.util.List;

/**
 * What {@code plan.json} holds. It depends only on the text, the voice and the chunk settings,
 * never on the render id or the concurrency: the same text gives the same bytes at any concurrency.
 *
 * @param reuse false when the render asked for every chunk new (never copied from the shared chunk
 *              store); null, and then absent from the JSON, for the default: reuse
 */
public record PlanDocument(String voice, int maxChars, int minChars, int planWidth, int chunkCount,
                           List<PlannedChunk> chunks, Boolean reuse) {
    public PlanDocument {
        chunks = List.copyOf(chunks);
        reuse = Boolean.FALSE.equals(reuse) ? Boolean.FALSE : null;
    }

    /** A plan whose chunks may be copied from the shared chunk store. */
    public PlanDocument(String voice, int maxChars, int minChars, int planWidth, int chunkCount,
                        List<PlannedChunk> chunks) {
        this(voice, maxChars, minChars, planWidth, chunkCount, chunks, null);
    }

    /** Whether a chunk may be copied from the shared chunk store instead of synthesized. */
    public boolean reusesChunks() {
        return reuse == null;
    }
}
