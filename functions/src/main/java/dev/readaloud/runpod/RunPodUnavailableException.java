package dev.readaloud.runpod;

/** RunPod answered 5xx, or could not be reached (connection refused or reset, request timed out). Retryable. */
public final class RunPodUnavailableException extends RunPodException {

    public RunPodUnavailableException(String message) {
        super(message);
    }

    public RunPodUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
