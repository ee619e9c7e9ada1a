package dev.readaloud.local.statemachine;

import java.util.Objects;

/**
 * A task-token call ({@link Engine#sendTaskSuccess}, {@link Engine#sendTaskFailure},
 * {@link Engine#sendTaskHeartbeat}) refused, with the error AWS Step Functions answers SendTaskSuccess,
 * SendTaskFailure and SendTaskHeartbeat with: {@link #error()} is the API's error code, what a
 * Step Functions API server puts in {@code __type}.
 */
public final class TaskTokenException extends RuntimeException {

    /** The token is not one this engine issued: malformed, forged, or from another process. */
    public static final String INVALID_TOKEN = "InvalidToken";
    /**
     * AWS: "The activity does not exist". The engine runs no activities, so it never raises this;
     * it is here for callers that map every error of these operations.
     */
    public static final String TASK_DOES_NOT_EXIST = "TaskDoesNotExist";
    /**
     * AWS: "The task token has either expired or the task associated with the token has already been
     * closed": the task timed out, failed, was stopped, or already took a SendTaskSuccess or
     * SendTaskFailure.
     */
    public static final String TASK_TIMED_OUT = "TaskTimedOut";
    /** SendTaskSuccess: the output is not JSON. */
    public static final String INVALID_OUTPUT = "InvalidOutput";
    /**
     * A request field breaks the API's length constraints (output over 262,144 UTF-8 bytes, error over
     * 256 or cause over 32,768 characters), answered before the token is looked at.
     */
    public static final String VALIDATION = "ValidationException";

    private final String error;

    TaskTokenException(String error, String message) {
        super(message, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The AWS error code: {@link #INVALID_TOKEN}, {@link #TASK_TIMED_OUT}, {@link #INVALID_OUTPUT} or {@link #VALIDATION}. */
    public String error() {
        return error;
    }
}
