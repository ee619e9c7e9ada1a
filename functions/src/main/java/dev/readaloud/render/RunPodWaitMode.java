package dev.readaloud.render;

import java.util.Locale;

/**
 * How a chunk waits for its RunPod job (SAM parameter RunPodWaitMode, environment RUNPOD_WAIT_MODE).
 * The audio is the same either way; what differs is who waits, and so what it costs.
 */
public enum RunPodWaitMode {
    /**
     * The chunk function submits the job and polls it to its end: the Lambda is billed for the job's
     * queue and execution time. Past the function's 15 minutes a retry resumes the job.
     */
    POLL,
    /**
     * The chunk task waits for a task token ({@code .waitForTaskToken}): the function submits the job with
     * a webhook and returns at once; RunPod's webhook stores the audio and ends the task. No Lambda is
     * billed while the job queues or runs. A webhook that never comes is caught by the task's timeout,
     * and the chunk then resumes the job by polling.
     */
    CALLBACK;

    /** The name used in the state machine's input and in configuration: {@code poll} or {@code callback}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static RunPodWaitMode parse(String value) {
        for (RunPodWaitMode mode : values()) {
            if (mode.wireName().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be poll or callback, got '" + value + "'");
    }
}
