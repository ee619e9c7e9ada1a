package dev.readaloud.local.worker;

import java.util.Map;

/**
 * Counters of a {@link LocalWorker}, for tests and benchmarks.
 *
 * @param maxInProgress   most jobs IN_PROGRESS at the same moment so far
 * @param jobsSubmitted   jobs accepted by /run and /runsync
 * @param jobsCompleted   jobs that ended COMPLETED
 * @param jobsFailed      jobs that ended FAILED
 * @param jobsTimedOut    jobs that ended TIMED_OUT
 * @param jobsCancelled   jobs that ended CANCELLED
 * @param rateLimited     requests answered 429
 * @param requestsByRoute requests served per route: run, runsync, status, cancel, health, other
 */
public record WorkerStats(int maxInProgress, long jobsSubmitted, long jobsCompleted, long jobsFailed,
                          long jobsTimedOut, long jobsCancelled, long rateLimited, Map<String, Long> requestsByRoute) {

    /** Requests served on one route (0 when none). */
    public long requests(String route) {
        return requestsByRoute.getOrDefault(route, 0L);
    }

    /** Requests served on every route. */
    public long totalRequests() {
        return requestsByRoute.values().stream().mapToLong(Long::longValue).sum();
    }
}
