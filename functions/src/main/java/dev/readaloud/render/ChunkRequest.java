package dev.readaloud.render;

/**
 * The SynthesizeChunk step's input.
 *
 * @param renderId   the render
 * @param index      the chunk index, from 0 (absent with {@code cancelJobs})
 * @param attempt    the Step Functions retry count of this task ({@code $$.State.RetryCount}), 0 first; may be null
 * @param abandon    true once the state machine has given the chunk up: cancel its RunPod job instead of
 *                   synthesizing it; null or false otherwise
 * @param cancelJobs true once the render has failed: cancel every RunPod job still recorded for any of its
 *                   chunks; null or false otherwise
 * @param failure    with {@code abandon}: the error the chunk's retries ended with (the Catch's
 *                   {@code {"Error", "Cause"}}), recorded so the render's failure can name it; else null
 * @param taskToken  in callback mode ({@code .waitForTaskToken}), the token that ends the chunk's task: the
 *                   function submits the job and returns, RunPod's webhook ends the task; else null
 */
public record ChunkRequest(String renderId, Integer index, Integer attempt, Boolean abandon, Boolean cancelJobs,
                           CaughtError failure, String taskToken) {

    /** A request without a caught error: every state but AbandonChunk. */
    public ChunkRequest(String renderId, Integer index, Integer attempt, Boolean abandon, Boolean cancelJobs) {
        this(renderId, index, attempt, abandon, cancelJobs, null, null);
    }

    /** A request without a task token: every state but SubmitChunk. */
    public ChunkRequest(String renderId, Integer index, Integer attempt, Boolean abandon, Boolean cancelJobs,
                        CaughtError failure) {
        this(renderId, index, attempt, abandon, cancelJobs, failure, null);
    }

    /** Whether this request submits the chunk's job and leaves the waiting to RunPod's webhook. */
    public boolean waitsForCallback() {
        return taskToken != null;
    }

    /** Never shows the task token: whoever holds it can end the chunk's task. */
    @Override
    public String toString() {
        return "ChunkRequest[renderId=" + renderId + ", index=" + index + ", attempt=" + attempt + ", abandon="
                + abandon + ", cancelJobs=" + cancelJobs + ", taskToken=" + (taskToken == null ? "none" : "(hidden)") + "]";
    }

    /** Whether this request gives the chunk up rather than synthesizing it. */
    public boolean abandons() {
        return Boolean.TRUE.equals(abandon);
    }

    /** Whether this request sweeps the render's RunPod jobs rather than synthesizing a chunk. */
    public boolean cancelsJobs() {
        return Boolean.TRUE.equals(cancelJobs);
    }
}
