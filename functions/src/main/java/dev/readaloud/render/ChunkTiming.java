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
 */
public record ChunkTiming(int index, int chars, String jobId, long audioMillis, long delayTimeMillis,
                          long executionTimeMillis, long wallMillis, int attempt, boolean reused) {
}
