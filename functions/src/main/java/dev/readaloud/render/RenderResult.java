package dev.readaloud.render;

import java.util.List;

/**
 * What {@code result.json} holds once output.wav is written.
 *
 * @param renderId      the render
 * @param chunkCount    chunks stitched
 * @param durationMillis duration of output.wav
 * @param bytes         size of output.wav
 * @param sampleRateHz  its sample rate
 * @param channels      its channels
 * @param sha256        hex SHA-256 of output.wav
 * @param stitchMillis  time the Stitch step spent
 * @param completedAt   ISO-8601 instant output.wav was written
 * @param chunks        per-chunk timings, in index order
 * @param chunksReused      chunks copied from the shared chunk store: no RunPod job paid for by this render
 * @param chunksSynthesized chunks RunPod spoke for this render ({@code chunkCount - chunksReused})
 */
public record RenderResult(String renderId, int chunkCount, long durationMillis, long bytes, int sampleRateHz,
                           int channels, String sha256, long stitchMillis, String completedAt,
                           List<ChunkTiming> chunks, int chunksReused, int chunksSynthesized) {
    public RenderResult {
        chunks = List.copyOf(chunks);
    }
}
