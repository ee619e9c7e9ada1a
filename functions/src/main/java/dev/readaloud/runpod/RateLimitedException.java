package dev.readaloud.runpod;

import java.time.Duration;

/**
 * RunPod answered 429 more often than the client's own short, jittered backoff would absorb.
 * Retryable: Step Functions should back off (at least {@link #retryAfter()}) and try again.
 */
public final class RateLimitedException extends RunPodException {

    private final Duration retryAfter;

    /** @param retryAfter what RunPod's Retry-After header asked for; {@link Duration#ZERO} when absent */
    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter == null ? Duration.ZERO : retryAfter;
    }

    /** The delay RunPod asked for in its last Retry-After header, zero when it named none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
