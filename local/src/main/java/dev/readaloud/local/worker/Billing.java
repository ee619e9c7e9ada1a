package dev.readaloud.local.worker;

/**
 * What RunPod would bill for a set of jobs of one endpoint: serverless bills per second, partial
 * seconds rounded up, so every job that ran on a worker costs {@code ceil(executionTime / 1 s)} seconds.
 * A job that ended before a worker took it (cancelled or expired IN_QUEUE) costs nothing.
 *
 * <p>Only the jobs' execution is counted: a real endpoint also bills its workers' cold starts and idle
 * timeout, which depend on its scaling settings rather than on the jobs.
 *
 * @param endpointId      the endpoint the jobs ran on
 * @param jobs            jobs accounted: those that have ended, billed or not (unknown and unfinished ids are left out)
 * @param executionMillis the exact sum of their executionTime as /status reports it, in ms
 * @param billedSeconds   the sum over the jobs of their executionTime rounded up to whole seconds
 */
public record Billing(String endpointId, long jobs, long executionMillis, long billedSeconds) {

    /** Seconds billed for one job that ran {@code executionMillis} ms: partial seconds round up. */
    public static long billedSeconds(long executionMillis) {
        if (executionMillis < 0) {
            throw new IllegalArgumentException("executionMillis must be >= 0, got " + executionMillis);
        }
        return Math.ceilDiv(executionMillis, 1_000L);
    }
}
