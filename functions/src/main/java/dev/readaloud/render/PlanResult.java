package dev.readaloud.render;

/**
 * The Plan step's output and the Map state's input: tiny whatever the plan's length, never the text.
 * The Map's items are not in it: they are an object in S3 the Distributed Map's ItemReader reads, so
 * a plan of thousands of chunks never reaches Step Functions' 256 KiB payload limit.
 *
 * @param renderId       the render
 * @param chunkCount     chunks in the plan
 * @param items          where the Map's items are: a JSON array of {@code {"index": n}}, one per chunk
 * @param maxConcurrency the Map state's MaxConcurrencyPath value
 * @param waitMode       how each chunk waits for its RunPod job: {@code poll} or {@code callback}
 *                       ({@link RunPodWaitMode#wireName()}); the chunk's first state chooses by it
 * @param callbackTimeoutSeconds in callback mode, the chunk task's TimeoutSecondsPath value: how long it waits
 *                       for RunPod's webhook before resuming the job by polling
 */
public record PlanResult(String renderId, int chunkCount, Items items, int maxConcurrency, String waitMode,
                         int callbackTimeoutSeconds) {

    /**
     * The S3 object the Map's ItemReader reads ({@code arn:aws:states:::s3:getObject}, InputType JSON).
     *
     * @param bucket the render bucket
     * @param key    {@code renders/{id}/items.json}
     */
    public record Items(String bucket, String key) {
    }

    /** One Map item: just the chunk index. */
    public record Item(int index) {
    }
}
