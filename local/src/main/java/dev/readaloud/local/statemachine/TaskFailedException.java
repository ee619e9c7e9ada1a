package dev.readaloud.local.statemachine;

/**
 * A task attempt failed with an error name (what Retry and Catch match on) and a cause (free
 * text, for Lambda errors the JSON error payload).
 */
public class TaskFailedException extends Exception {

    private final String error;
    private final String cause;

    public TaskFailedException(String error, String cause) {
        super(error + (cause == null || cause.isEmpty() ? "" : ": " + cause));
        this.error = error == null || error.isEmpty() ? "States.TaskFailed" : error;
        this.cause = cause == null ? "" : cause;
    }

    /** The error name, e.g. {@code States.TaskFailed} or {@code java.lang.IllegalStateException}. */
    public String error() {
        return error;
    }

    /** The cause, never null (empty when none). */
    public String cause() {
        return cause;
    }
}
