package dev.readaloud.runpod;

/**
 * A RunPod call failed. Each subclass is one failure a caller must tell apart; Step Functions
 * retries by the subclass's fully qualified name.
 */
public abstract class RunPodException extends RuntimeException {

    protected RunPodException(String message) {
        super(message);
    }

    protected RunPodException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether trying again later can succeed. */
    public abstract boolean retryable();
}
