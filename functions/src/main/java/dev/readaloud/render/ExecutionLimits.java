package dev.readaloud.render;

/**
 * The largest render one Step Functions execution can run, so POST /renders refuses a bigger one
 * before anything is written, started or paid for.
 *
 * <p>AWS caps an execution's history at {@value #HISTORY_EVENT_LIMIT} events and a state's payload at
 * 256 KiB. The history is the tighter limit. In render.asl.json's inline Map, one chunk that succeeds
 * at its first attempt adds {@value #EVENTS_PER_CHUNK} events (MapIterationStarted, TaskStateEntered,
 * LambdaFunctionScheduled, LambdaFunctionStarted, LambdaFunctionSucceeded, TaskStateExited,
 * MapIterationSucceeded), and every retried attempt adds {@value #EVENTS_PER_RETRY} more
 * (LambdaFunctionScheduled, LambdaFunctionStarted, LambdaFunctionFailed or ...TimedOut). The rest of
 * the execution (start, Plan, the Map's own events, Stitch, the failure path, their retries) is kept
 * within {@value #FIXED_EVENTS_RESERVE} events. Leaving room for {@value #RETRIES_PER_CHUNK} retry per
 * chunk on average (rate limits and long jobs retry; most chunks do not):
 * (25,000 - 1,000) / (7 + 3) = {@value #MAX_CHUNKS} chunks. The Plan state's output, one
 * {@code {"index":n}} item a chunk (at most 16 bytes each), is then about 38 KB, far below 256 KiB.
 */
public final class ExecutionLimits {

    /** Step Functions' hard limit on one standard execution's history, in events. */
    public static final int HISTORY_EVENT_LIMIT = 25_000;
    /** History events of one chunk that succeeds at its first attempt. */
    public static final int EVENTS_PER_CHUNK = 7;
    /** History events each retried attempt of a chunk adds. */
    public static final int EVENTS_PER_RETRY = 3;
    /** Retries allowed for per chunk, on average over the render. */
    public static final int RETRIES_PER_CHUNK = 1;
    /** History events kept for everything that is not a Map iteration. */
    public static final int FIXED_EVENTS_RESERVE = 1_000;
    /** The most chunks one render may have: 2,400. */
    public static final int MAX_CHUNKS = (HISTORY_EVENT_LIMIT - FIXED_EVENTS_RESERVE)
            / (EVENTS_PER_CHUNK + RETRIES_PER_CHUNK * EVENTS_PER_RETRY);

    private ExecutionLimits() {
    }
}
