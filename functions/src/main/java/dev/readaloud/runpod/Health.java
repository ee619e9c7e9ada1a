package dev.readaloud.runpod;

/**
 * An endpoint's {@code GET /health} answer: job counts and worker counts as RunPod reports them.
 *
 * @param jobsCompleted   jobs completed recently
 * @param jobsFailed      jobs failed recently
 * @param jobsInProgress  jobs a worker is running now
 * @param jobsInQueue     jobs waiting for a worker
 * @param jobsRetried     jobs RunPod retried
 * @param workersIdle     workers up and waiting
 * @param workersRunning  workers running a job
 */
public record Health(long jobsCompleted, long jobsFailed, long jobsInProgress, long jobsInQueue, long jobsRetried,
                     long workersIdle, long workersRunning) {
}
