package dev.readaloud.render;

/**
 * Step Functions did not take a task's callback (throttled, unreachable): the state machine retries the
 * chunk task on this name; RunPod retries a webhook that answered with an error.
 */
public final class TaskCallbackException extends RuntimeException {

    public TaskCallbackException(String message, Throwable cause) {
        super(message, cause);
    }
}
