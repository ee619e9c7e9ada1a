package dev.readaloud.render;

/**
 * What the SynthesizeChunk step did (the Map discards it; logs and tests read it).
 *
 * @param renderId         the render
 * @param index            the chunk
 * @param reused           RunPod was not called: the chunk WAV was already there with the same hash
 *                         ({@code source} "render"), or it was copied from the shared chunk store ("shared")
 * @param resumedJob       an already submitted RunPod job was resumed rather than a new one submitted
 * @param jobId            the RunPod job id that produced the audio, or null when reused without one
 * @param audioMillis      duration of the chunk's audio
 * @param wallMillis       time this step spent
 * @param source           where the audio came from: "render", "shared" or "synthesized"; or "submitted" in
 *                         callback mode, where RunPod's webhook brings the audio later
 */
public record ChunkOutcome(String renderId, int index, boolean reused, boolean resumedJob, String jobId,
                           long audioMillis, long wallMillis, String source) {

    /** The chunk was already stored for this render. */
    public static final String FROM_RENDER = "render";
    /** The chunk was copied from the shared chunk store. */
    public static final String FROM_SHARED = "shared";
    /** RunPod synthesized the chunk. */
    public static final String SYNTHESIZED = "synthesized";
    /** Callback mode: the job is submitted (or resumed) and its webhook will store the chunk. */
    public static final String SUBMITTED = "submitted";
}
