package dev.readaloud.render;

/**
 * What the SynthesizeChunk step did (the Map discards it; logs and tests read it).
 *
 * @param renderId         the render
 * @param index            the chunk
 * @param reused           the chunk WAV was already there with the same hash: RunPod was not called
 * @param resumedJob       an already submitted RunPod job was resumed rather than a new one submitted
 * @param jobId            the RunPod job id that produced the audio, or null when reused without one
 * @param audioMillis      duration of the chunk's audio
 * @param wallMillis       time this step spent
 */
public record ChunkOutcome(String renderId, int index, boolean reused, boolean resumedJob, String jobId,
                           long audioMillis, long wallMillis) {
}
