package dev.readaloud.runpod;

/** PLACEHOLDER until the runpod package is merged; the real class replaces this file. */
public class BadRequestException extends RunPodException {
    public BadRequestException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
