package dev.readaloud.runpod;

/** RunPod answered 401 or 403: the API key is missing, wrong or lacks access to the endpoint. Not retryable. */
public final class UnauthorizedException extends RunPodException {

    public UnauthorizedException(String message) {
        super(message);
    }

    public UnauthorizedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
