package dev.readaloud.runpod;

/**
 * A RunPod call failed. Each subclass is one failure a caller must tell apart; Step Functions
 * retries by the subclass's fully qualified name.
 */
public abstract class RunPodException extends RuntimeException {

    protected RunPodException(String message) {
        super(message);
    }

    protected RunPodException(String message, Throwable cause) {
        super(message, cause);
    }

    private volatile String subject;
    private volatile long jobExecutionMillis = -1;

    /** Whether trying again later can succeed. */
    public abstract boolean retryable();

    /**
     * Names what the failure concerns (e.g. "chunk 12 of render X") at the front of the message,
     * keeping the class, which is what Step Functions retries and catches on. Set once: a second
     * call keeps the first subject.
     *
     * @return this exception
     */
    public RunPodException about(String what) {
        if (subject == null && what != null && !what.isBlank()) {
            subject = what;
        }
        return this;
    }

    /**
     * Records how long a worker ran the job that ended this way (RunPod bills that time whatever the
     * job's end).
     *
     * @return this exception
     */
    public RunPodException ranFor(long executionMillis) {
        jobExecutionMillis = executionMillis;
        return this;
    }

    /** Milliseconds a worker ran the job before it ended this way, or -1 when no job ran or it is unknown. */
    public long jobExecutionMillis() {
        return jobExecutionMillis;
    }

    @Override
    public String getMessage() {
        String message = super.getMessage();
        return subject == null ? message : subject + ": " + message;
    }
}
