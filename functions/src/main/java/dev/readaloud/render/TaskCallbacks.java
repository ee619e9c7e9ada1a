package dev.readaloud.render;

/**
 * Ends a chunk task that waits for its task token ({@code .waitForTaskToken}): Step Functions'
 * SendTaskSuccess and SendTaskFailure ({@link SfnTaskCallbacks}); the local runtime answers for its own
 * engine. The chunk task's result is discarded, so success carries no output.
 */
public interface TaskCallbacks {

    /**
     * Ends the task successfully.
     *
     * @return false when the task no longer waits for this token (it timed out and the chunk moved on to
     *         polling, or it ended already): nothing is lost, the chunk is stored either way
     * @throws TaskCallbackException when Step Functions could not be reached (retryable)
     */
    boolean succeed(String taskToken);

    /**
     * Fails the task with {@code error} (the name Retry and Catch match on) and {@code cause}.
     *
     * @return false when the task no longer waits for this token
     * @throws TaskCallbackException when Step Functions could not be reached (retryable)
     */
    boolean fail(String taskToken, String error, String cause);
}
