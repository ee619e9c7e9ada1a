package dev.readaloud.runpod;

/**
 * The deadline came before the job finished. The job keeps running on RunPod: pass
 * {@link #jobId()} as the resume id of the next attempt to collect its result instead of paying
 * for a second generation. Retryable.
 */
public final class JobStillRunningException extends RunPodException {

    private final String jobId;
    private final String status;

    public JobStillRunningException(String jobId, String status) {
        super("RunPod job " + jobId + " is still " + status + " at the deadline; resume it with its job id");
        this.jobId = jobId;
        this.status = status;
    }

    /** RunPod's id of the job that is still running. */
    public String jobId() {
        return jobId;
    }

    /** The job's last status seen: IN_QUEUE or IN_PROGRESS. */
    public String status() {
        return status;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
