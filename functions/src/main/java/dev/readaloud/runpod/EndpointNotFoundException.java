package dev.readaloud.runpod;

/** RunPod answered 404: the endpoint id is unknown, or the job id is unknown or its result has expired. Not retryable. */
public final class EndpointNotFoundException extends RunPodException {

    public EndpointNotFoundException(String message) {
        super(message);
    }

    public EndpointNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
