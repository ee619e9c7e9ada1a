package dev.readaloud.runpod;

/** PLACEHOLDER until the runpod package is merged; the real class replaces this file. */
public class RateLimitedException extends RunPodException {
    public RateLimitedException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
