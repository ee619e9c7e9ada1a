package dev.readaloud.runpod;

/** The worker reported the job FAILED (for example it died mid-job); the message carries the worker's error. Retryable: a new job may run on a healthy worker. */
public final class JobFailedException extends RunPodException {

    public JobFailedException(String message) {
        super(message);
    }

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
