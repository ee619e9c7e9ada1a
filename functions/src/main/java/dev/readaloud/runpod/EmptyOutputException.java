package dev.readaloud.runpod;

/** The job COMPLETED without any output: RunPod drops results that are too large to store, so a retry would lose it again. Not retryable. */
public final class EmptyOutputException extends RunPodException {

    public EmptyOutputException(String message) {
        super(message);
    }

    public EmptyOutputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
