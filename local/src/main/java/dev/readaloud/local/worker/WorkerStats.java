package dev.readaloud.local.worker;

import java.util.Map;

/**
 * Counters of a {@link LocalWorker} (one endpoint), for tests and benchmarks.
 *
 * @param maxInProgress         most jobs IN_PROGRESS at the same moment so far
 * @param jobsSubmitted         jobs accepted by /run and /runsync
 * @param jobsCompleted         jobs that ended COMPLETED
 * @param jobsFailed            jobs that ended FAILED
 * @param jobsTimedOut          jobs that ended TIMED_OUT
 * @param jobsCancelled         jobs that ended CANCELLED
 * @param rateLimited           requests answered 429
 * @param requestsByRoute       requests served per route: run, runsync, status, cancel, health, other
 * @param webhooksDelivered     webhooks whose receiver answered 2xx (each counts once, however many attempts it took)
 * @param webhookFailedAttempts webhook POSTs that got no 2xx answer (an error status, a refused connection, a timeout)
 * @param webhooksGivenUp       webhooks abandoned after their last failed attempt
 * @param webhooksLost          webhooks never sent because the {@code webhook-loss} fault drew them
 * @param executionMillis       the exact sum of the executionTime of every job ended so far, in ms
 * @param billedSeconds         what RunPod would bill for those jobs, in seconds: each job's executionTime
 *                              rounded up to whole seconds (see {@link Billing})
 */
public record WorkerStats(int maxInProgress, long jobsSubmitted, long jobsCompleted, long jobsFailed,
                          long jobsTimedOut, long jobsCancelled, long rateLimited, Map<String, Long> requestsByRoute,
                          long webhooksDelivered, long webhookFailedAttempts, long webhooksGivenUp, long webhooksLost,
                          long executionMillis, long billedSeconds) {

    /** Requests served on one route (0 when none). */
    public long requests(String route) {
        return requestsByRoute.getOrDefault(route, 0L);
    }

    /** Requests served on every route. */
    public long totalRequests() {
        return requestsByRoute.values().stream().mapToLong(Long::longValue).sum();
    }
}
