package dev.readaloud.local.worker;

import java.time.Duration;

/**
 * How the local worker delivers a job's webhook: RunPod POSTs the job's /status answer once the job
 * ends and, when the receiver does not answer 2xx, tries up to 2 more times, 10 s apart.
 *
 * @param attempts      POSTs at most, the first included (RunPod: 3), 1-10
 * @param retryDelay    wait between two attempts (RunPod: 10 s); tests use a few ms
 * @param attemptTimeout how long one attempt may take to connect and get its answer's status line; RunPod
 *                      documents none, 10 s keeps a hung receiver from holding a delivery for ever
 */
public record WebhookPolicy(int attempts, Duration retryDelay, Duration attemptTimeout) {

    /** RunPod's: 3 attempts, 10 s apart, each given 10 s. */
    public static final WebhookPolicy RUNPOD = new WebhookPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(10));

    public WebhookPolicy {
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("webhook attempts must be 1-10, got " + attempts);
        }
        if (retryDelay == null || retryDelay.isNegative()) {
            throw new IllegalArgumentException("webhook retryDelay must be a duration >= 0, got " + retryDelay);
        }
        if (attemptTimeout == null || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("webhook attemptTimeout must be positive, got " + attemptTimeout);
        }
    }

    public WebhookPolicy withRetryDelay(Duration value) {
        return new WebhookPolicy(attempts, value, attemptTimeout);
    }

    public WebhookPolicy withAttemptTimeout(Duration value) {
        return new WebhookPolicy(attempts, retryDelay, value);
    }
}
