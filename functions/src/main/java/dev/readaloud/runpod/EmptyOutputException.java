package dev.readaloud.runpod;

/**
 * The job COMPLETED without any output (RunPod drops results too large to store). Retryable as a new
 * job, a small number of times: a worker that glitched once usually answers a second job properly.
 */
public final class EmptyOutputException extends RunPodException {

    public EmptyOutputException(String message) {
        super(message);
    }

    public EmptyOutputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
