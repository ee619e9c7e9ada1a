package dev.readaloud.local.statemachine;

import java.util.Set;

/**
 * The history event types the engine records. All are AWS Step Functions event types
 * (GetExecutionHistory) except those in {@link #LOCAL_ONLY}.
 */
public final class HistoryEventType {

    public static final String EXECUTION_STARTED = "ExecutionStarted";
    public static final String EXECUTION_SUCCEEDED = "ExecutionSucceeded";
    public static final String EXECUTION_FAILED = "ExecutionFailed";
    public static final String EXECUTION_TIMED_OUT = "ExecutionTimedOut";
    /** The caller interrupted the thread running the execution (AWS records this on StopExecution). */
    public static final String EXECUTION_ABORTED = "ExecutionAborted";
    /** Suffixes after the state type: {@code TaskStateEntered}, {@code MapStateExited}, ... */
    public static final String STATE_ENTERED = "StateEntered";
    public static final String STATE_EXITED = "StateExited";
    public static final String TASK_SCHEDULED = "TaskScheduled";
    public static final String TASK_STARTED = "TaskStarted";
    /**
     * A {@code .waitForTaskToken} task's request went through (details: {@code output}, the lambda:invoke
     * response); the task now waits for its token.
     */
    public static final String TASK_SUBMITTED = "TaskSubmitted";
    public static final String TASK_SUCCEEDED = "TaskSucceeded";
    public static final String TASK_FAILED = "TaskFailed";
    public static final String TASK_TIMED_OUT = "TaskTimedOut";
    public static final String LAMBDA_FUNCTION_SCHEDULED = "LambdaFunctionScheduled";
    public static final String LAMBDA_FUNCTION_STARTED = "LambdaFunctionStarted";
    public static final String LAMBDA_FUNCTION_SUCCEEDED = "LambdaFunctionSucceeded";
    public static final String LAMBDA_FUNCTION_FAILED = "LambdaFunctionFailed";
    public static final String LAMBDA_FUNCTION_TIMED_OUT = "LambdaFunctionTimedOut";
    public static final String MAP_STATE_STARTED = "MapStateStarted";
    public static final String MAP_STATE_SUCCEEDED = "MapStateSucceeded";
    public static final String MAP_STATE_FAILED = "MapStateFailed";
    public static final String MAP_ITERATION_STARTED = "MapIterationStarted";
    public static final String MAP_ITERATION_SUCCEEDED = "MapIterationSucceeded";
    public static final String MAP_ITERATION_FAILED = "MapIterationFailed";
    public static final String MAP_ITERATION_ABORTED = "MapIterationAborted";
    /** A Distributed Map's Map Run: in the parent's history instead of per-item events. */
    public static final String MAP_RUN_STARTED = "MapRunStarted";
    public static final String MAP_RUN_SUCCEEDED = "MapRunSucceeded";
    public static final String MAP_RUN_FAILED = "MapRunFailed";
    public static final String PARALLEL_STATE_STARTED = "ParallelStateStarted";
    public static final String PARALLEL_STATE_SUCCEEDED = "ParallelStateSucceeded";
    public static final String PARALLEL_STATE_FAILED = "ParallelStateFailed";
    /**
     * Local only (AWS records no event for a retry decision; there the next TaskScheduled simply
     * follows later). Details: error, cause, retrier (index in Retry), retryCount (this
     * retrier's retries so far, 1-based), attempt (the attempt about to start, 2 = first retry),
     * delaySeconds (the computed delay before time scaling, after MaxDelaySeconds and jitter).
     */
    public static final String RETRY_SCHEDULED = "RetryScheduled";

    public static final Set<String> LOCAL_ONLY = Set.of(RETRY_SCHEDULED);

    /** The events that end an execution: one of them is always its last event. */
    public static final Set<String> ENDS_EXECUTION = Set.of(EXECUTION_SUCCEEDED, EXECUTION_FAILED, EXECUTION_TIMED_OUT,
            EXECUTION_ABORTED);

    private HistoryEventType() {
    }
}
