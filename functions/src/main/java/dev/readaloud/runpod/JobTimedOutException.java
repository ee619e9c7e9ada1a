package dev.readaloud.runpod;

/** RunPod reported the job TIMED_OUT (its executionTimeout or ttl ran out, like a dead worker) or CANCELLED. Retryable with a new job. */
public final class JobTimedOutException extends RunPodException {

    public JobTimedOutException(String message) {
        super(message);
    }

    public JobTimedOutException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
