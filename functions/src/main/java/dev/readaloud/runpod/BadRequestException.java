package dev.readaloud.runpod;

/** RunPod rejected the request as malformed (400 or another 4xx), or the request itself is invalid before sending. Not retryable. */
public final class BadRequestException extends RunPodException {

    public BadRequestException(String message) {
        super(message);
    }

    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
