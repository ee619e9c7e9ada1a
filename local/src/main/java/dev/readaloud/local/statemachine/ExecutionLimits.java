package dev.readaloud.local.statemachine;

/**
 * The quotas AWS Step Functions enforces on one execution, which this engine enforces the same
 * way so a local run fails where AWS would (AWS developer guide, "Step Functions service quotas").
 */
public final class ExecutionLimits {

    /**
     * Events in one Standard execution's history (a hard quota). AWS developer guide, "Avoid
     * reaching the history quota": when an execution has 24,999 events it waits for the next one;
     * if event 25,000 is ExecutionSucceeded the execution succeeds, otherwise ExecutionFailed is
     * logged as event 25,000 and the execution fails. No Retry or Catch sees it. The page names no
     * error; this engine reports {@link #HISTORY_LIMIT_ERROR}. Express executions keep no
     * Step Functions history and have no such quota.
     */
    public static final int MAX_HISTORY_EVENTS = 25_000;

    /**
     * The error of an execution failed by {@link #MAX_HISTORY_EVENTS}: States.Runtime, the error
     * AWS uses for failures Retry and Catch cannot handle.
     */
    public static final String HISTORY_LIMIT_ERROR = "States.Runtime";

    /**
     * UTF-8 bytes of any state input (after Parameters), state output, task result, Parallel or
     * Map result, and execution input or output: 256 KiB. Over it a state fails with
     * States.DataLimitExceeded, a terminal error that States.ALL does not match (AWS developer
     * guide, "Handling errors", States.DataLimitExceeded); an execution input over it is refused
     * before the execution starts, as StartExecution refuses it.
     */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /**
     * Concurrent iterations of an inline Map ("Using Map state in Inline mode": up to 40
     * concurrent iterations). A larger MaxConcurrency, or 0 (no limit), still runs at most 40 at a
     * time; the other iterations wait their turn.
     */
    public static final int MAX_INLINE_MAP_CONCURRENCY = 40;

    /**
     * Concurrent child executions of a Distributed Map ("Using Map state in Distributed mode":
     * without MaxConcurrency, Step Functions runs up to 10,000 child workflow executions in
     * parallel). A larger MaxConcurrency is refused at load.
     */
    public static final int MAX_DISTRIBUTED_MAP_CONCURRENCY = 10_000;

    /** Duration of an Express execution, a Distributed Map's EXPRESS child included: 5 minutes. */
    public static final int EXPRESS_MAX_DURATION_SECONDS = 300;

    private ExecutionLimits() {
    }
}
