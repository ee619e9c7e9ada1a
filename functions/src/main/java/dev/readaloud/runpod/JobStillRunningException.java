package dev.readaloud.runpod;

/** PLACEHOLDER until the runpod package is merged; the real class replaces this file. */
public class JobStillRunningException extends RunPodException {
    private final String jobId;

    public JobStillRunningException(String jobId, String message) {
        super(message);
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
