package dev.readaloud.text;

import java.util.List;

/** The chunks of one reading, in text order; chunk {@code i} has index {@code i}. */
public record ChunkPlan(List<Chunk> chunks) {
    public ChunkPlan {
        chunks = List.copyOf(chunks);
    }
}
