package dev.readaloud.render;

/**
 * What {@code GET /renders/{id}} shows.
 *
 * @param renderId   the render
 * @param status     PENDING, RUNNING, SUCCEEDED or FAILED
 * @param progress   chunks done of chunks planned (0 of 0 before the plan exists); once the render
 *                   succeeded, also how many chunks were reused from the shared store and how many synthesized
 * @param audioUrl   a presigned, short-lived GET URL of output.wav once it exists, else null
 * @param durationMs duration of output.wav once it exists, else null
 * @param loudness   output.wav's loudness and ACX checks once it exists (renders stitched before they were
 *                   measured have none), else null
 * @param error      "ErrorName: cause" when the render failed, else null
 * @param cost       what the render cost once it succeeded (from result.json; renders stitched before it was
 *                   counted have none), else null
 */
public record RenderView(String renderId, String status, Progress progress, String audioUrl, Long durationMs,
                         LoudnessReport loudness, String error, CostReport cost) {

    /** A view without cost. */
    public RenderView(String renderId, String status, Progress progress, String audioUrl, Long durationMs,
                      LoudnessReport loudness, String error) {
        this(renderId, status, progress, audioUrl, durationMs, loudness, error, null);
    }

    /** A view without loudness. */
    public RenderView(String renderId, String status, Progress progress, String audioUrl, Long durationMs,
                      String error) {
        this(renderId, status, progress, audioUrl, durationMs, null, error, null);
    }

    /** Chunks done (WAVs present) and chunks planned; reused and synthesized once known, else null. */
    public record Progress(int chunksDone, int chunksTotal, Integer chunksReused, Integer chunksSynthesized) {
    }
}
