package dev.readaloud.runpod;

/** PLACEHOLDER until the runpod package is merged; the real class replaces this file. */
public class BadAudioException extends RunPodException {
    public BadAudioException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
