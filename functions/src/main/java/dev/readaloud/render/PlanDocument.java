package dev.readaloud.render;

import java.util.List;

/**
 * What {@code plan.json} holds. It depends only on the text, the voice and the chunk settings,
 * never on the render id or the concurrency: the same text gives the same bytes at any concurrency.
 */
public record PlanDocument(String voice, int maxChars, int minChars, int planWidth, int chunkCount,
                           List<PlannedChunk> chunks) {
    public PlanDocument {
        chunks = List.copyOf(chunks);
    }
}
