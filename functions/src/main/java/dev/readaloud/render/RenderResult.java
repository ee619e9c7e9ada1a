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
 * @param chunks        per-chunk timings (and loudness), in index order
 * @param chunksReused      chunks copied from the shared chunk store: no RunPod job paid for by this render
 * @param chunksSynthesized chunks RunPod spoke for this render ({@code chunkCount - chunksReused})
 * @param loudness      output.wav's loudness and ACX checks, measured as it was written
 * @param normalization how the chunks' levels were set, or null when loudness normalization was off
 * @param cost          what the render cost (see {@link CostReport#basis}); null in results written before it was
 *                      counted
 */
public record RenderResult(String renderId, int chunkCount, long durationMillis, long bytes, int sampleRateHz,
                           int channels, String sha256, long stitchMillis, String completedAt,
                           List<ChunkTiming> chunks, int chunksReused, int chunksSynthesized, LoudnessReport loudness,
                           NormalizationReport normalization, CostReport cost) {
    public RenderResult {
        chunks = List.copyOf(chunks);
    }

    /** A result without a cost (as written before it was counted). */
    public RenderResult(String renderId, int chunkCount, long durationMillis, long bytes, int sampleRateHz,
                        int channels, String sha256, long stitchMillis, String completedAt, List<ChunkTiming> chunks,
                        int chunksReused, int chunksSynthesized, LoudnessReport loudness,
                        NormalizationReport normalization) {
        this(renderId, chunkCount, durationMillis, bytes, sampleRateHz, channels, sha256, stitchMillis, completedAt,
                chunks, chunksReused, chunksSynthesized, loudness, normalization, null);
    }

    /** A result without loudness figures (as written before they were measured). */
    public RenderResult(String renderId, int chunkCount, long durationMillis, long bytes, int sampleRateHz,
                        int channels, String sha256, long stitchMillis, String completedAt, List<ChunkTiming> chunks,
                        int chunksReused, int chunksSynthesized) {
        this(renderId, chunkCount, durationMillis, bytes, sampleRateHz, channels, sha256, stitchMillis, completedAt,
                chunks, chunksReused, chunksSynthesized, null, null, null);
    }
}
