package dev.readaloud.local.statemachine;

/** An error raised inside an execution: what Retry and Catch match on, by name. */
final class StatesError extends RuntimeException {

    static final String ALL = "States.ALL";
    static final String RUNTIME = "States.Runtime";
    static final String TASK_FAILED = "States.TaskFailed";
    static final String TIMEOUT = "States.Timeout";
    static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    static final String PARAMETER_PATH_FAILURE = "States.ParameterPathFailure";
    /** A Distributed Map's ItemReader could not read its item source. */
    static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    /** A Distributed Map had more failed items than ToleratedFailureCount/Percentage allow. */
    static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";

    private final String error;
    private final String cause;

    StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause == null ? "" : cause;
    }

    String error() {
        return error;
    }

    String cause() {
        return cause;
    }

    /**
     * Whether a Retrier's or Catcher's ErrorEquals list matches this error. AWS: States.ALL
     * matches every error but States.Runtime and States.DataLimitExceeded; States.TaskFailed
     * matches every error but States.Timeout (and those two); States.Runtime is never caught.
     */
    boolean matches(Iterable<String> errorEquals) {
        if (error.equals(RUNTIME)) {
            return false;
        }
        boolean terminal = error.equals(DATA_LIMIT_EXCEEDED);
        for (String name : errorEquals) {
            if (name.equals(error)) {
                return true;
            }
            if (!terminal && name.equals(ALL)) {
                return true;
            }
            if (!terminal && name.equals(TASK_FAILED) && !error.equals(TIMEOUT)) {
                return true;
            }
        }
        return false;
    }
}
