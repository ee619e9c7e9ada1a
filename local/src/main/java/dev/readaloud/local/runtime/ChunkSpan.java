package dev.readaloud.local.runtime;

/**
 * When one chunk of a render ran, for progress, summaries and the timeline.
 *
 * @param index          chunk index in the plan
 * @param startMillis    first attempt started, milliseconds since the render started
 * @param endMillis      last attempt ended, milliseconds since the render started
 * @param queueMillis    time the RunPod job waited for a worker (RunPod's delayTime), 0 if unknown
 * @param speakMillis    time a worker spent speaking (RunPod's executionTime), 0 if unknown
 * @param attempts       task attempts the state machine made (1 = no retry)
 * @param reused         the chunk was already in S3 and nothing was generated
 */
public record ChunkSpan(int index, long startMillis, long endMillis, long queueMillis, long speakMillis,
                          int attempts, boolean reused) {

    /** Wall time the chunk's task took, retries included. */
    public long wallMillis() {
        return endMillis - startMillis;
    }
}
