package dev.readaloud.runpod;

/** PLACEHOLDER until the runpod package is merged; the real class replaces this file. */
public class JobFailedException extends RunPodException {
    public JobFailedException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
