package dev.readaloud.local.worker;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every ended job's executionTime, kept after the job itself is forgotten (its result delivered or
 * expired), so a render's cost can be checked against the worker's own account at any time. One entry
 * a job: a few dozen bytes, however large its audio was.
 */
final class BillingLedger {

    private final String endpointId;
    private final Map<String, Long> executionMillisByJob = new ConcurrentHashMap<>();

    BillingLedger(String endpointId) {
        this.endpointId = endpointId;
    }

    /**
     * Records a job that ended; a job is recorded once, later calls for it do nothing.
     *
     * @param executionMillis its executionTime in ms as /status reports it; 0 when no worker ever ran it
     */
    void record(String jobId, long executionMillis) {
        executionMillisByJob.putIfAbsent(jobId, executionMillis);
    }

    /** Every job ended so far. */
    Billing all() {
        return sum(executionMillisByJob.values());
    }

    /** The ended jobs among {@code jobIds}; an id named twice counts once. */
    Billing of(Collection<String> jobIds) {
        return sum(new HashSet<>(jobIds).stream().map(executionMillisByJob::get).filter(Objects::nonNull).toList());
    }

    private Billing sum(Collection<Long> executionMillis) {
        long jobs = 0;
        long millis = 0;
        long seconds = 0;
        for (long executed : executionMillis) {
            jobs++;
            millis += executed;
            seconds += Billing.billedSeconds(executed);
        }
        return new Billing(endpointId, jobs, millis, seconds);
    }
}
