package dev.readaloud.render;

/**
 * One chunk's line in {@code result.json}, taken from the chunk object's metadata.
 *
 * @param index               the chunk
 * @param chars               its length in code points
 * @param jobId               the RunPod job that spoke it
 * @param audioMillis         its audio duration
 * @param delayTimeMillis     time the job queued at RunPod
 * @param executionTimeMillis time a RunPod worker spent on it
 * @param wallMillis          time the SynthesizeChunk step spent on it
 * @param attempt             the Step Functions retry count that produced it (0 = first try), -1 if unknown
 * @param reused              copied from the shared chunk store (its RunPod times are then 0: this render
 *                            paid for no job)
 * @param loudnessLufs        its integrated loudness as stored (0.01 LU), null when undefined or not measured
 * @param truePeakDbtp        its true peak as stored (0.01 dB), null for silence or when not measured
 * @param gainDb              the gain the stitch applied to it (0.01 dB), null when normalization was off
 */
public record ChunkTiming(int index, int chars, String jobId, long audioMillis, long delayTimeMillis,
                          long executionTimeMillis, long wallMillis, int attempt, boolean reused, Double loudnessLufs,
                          Double truePeakDbtp, Double gainDb) {

    /** Timings without loudness figures. */
    public ChunkTiming(int index, int chars, String jobId, long audioMillis, long delayTimeMillis,
                       long executionTimeMillis, long wallMillis, int attempt, boolean reused) {
        this(index, chars, jobId, audioMillis, delayTimeMillis, executionTimeMillis, wallMillis, attempt, reused, null,
                null, null);
    }
}
