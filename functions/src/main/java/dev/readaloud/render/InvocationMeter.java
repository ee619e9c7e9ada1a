package dev.readaloud.render;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What one Lambda invocation spends: started first thing in the handler, closed when it returns
 * (try-with-resources). It measures the invocation's duration on a monotonic clock and counts the S3 requests
 * made on the invocation's thread ({@link S3Metering} counts every HTTP attempt into the meter current on the
 * calling thread: the local runtime runs many invocations at once on different threads that share one
 * S3Client, and the sync client runs its interceptors on the caller's thread).
 *
 * <p>The duration is the handler's, from {@link #start} to {@link #spentSoFar}: Lambda also bills the time
 * before the handler runs (a cold start's init, a SnapStart restore) and after, which no code of the
 * invocation can see, so this is a lower bound of the billed duration.
 */
public final class InvocationMeter implements AutoCloseable {

    private static final ThreadLocal<InvocationMeter> CURRENT = new ThreadLocal<>();

    private final int memoryMb;
    private final int stateTransitions;
    private final LongSupplier nanoClock;
    private final long startedNanos;
    private final Thread thread;
    private final InvocationMeter outer;
    private final AtomicLong s3Writes = new AtomicLong();
    private final AtomicLong s3Reads = new AtomicLong();

    private InvocationMeter(int memoryMb, int stateTransitions, LongSupplier nanoClock) {
        if (memoryMb <= 0) {
            throw new IllegalArgumentException("memoryMb must be positive, got " + memoryMb);
        }
        if (stateTransitions < 0) {
            throw new IllegalArgumentException("stateTransitions must be 0 or more, got " + stateTransitions);
        }
        this.memoryMb = memoryMb;
        this.stateTransitions = stateTransitions;
        this.nanoClock = nanoClock;
        this.startedNanos = nanoClock.getAsLong();
        this.thread = Thread.currentThread();
        this.outer = CURRENT.get();
        CURRENT.set(this);
    }

    /**
     * Starts metering the invocation of a Task state on this thread: one state transition (the state entered,
     * or one retry of it), the duration on {@link System#nanoTime}.
     *
     * @param memoryMb the function's configured memory (Context.getMemoryLimitInMB), in MB
     */
    public static InvocationMeter start(int memoryMb) {
        return start(memoryMb, 1, System::nanoTime);
    }

    /**
     * Starts metering an invocation on this thread.
     *
     * @param memoryMb         the function's configured memory, in MB
     * @param stateTransitions the state transitions the invocation stands for: 1 for a Task state's invocation,
     *                         0 for one that is no state (a webhook, an API call)
     * @param nanoClock        a monotonic clock in nanoseconds
     */
    public static InvocationMeter start(int memoryMb, int stateTransitions, LongSupplier nanoClock) {
        return new InvocationMeter(memoryMb, stateTransitions, nanoClock);
    }

    /**
     * The invocation's spend so far: one invocation, the duration since {@link #start} rounded up to a whole
     * millisecond (at least 1, Lambda's least billed duration) times the memory, the state transitions it
     * stands for and the S3 requests counted. Call it right before writing the figure down: what comes after
     * is not in it.
     */
    public Spend spentSoFar() {
        long elapsedNanos = Math.max(0, nanoClock.getAsLong() - startedNanos);
        long millis = Math.max(1, Math.ceilDiv(elapsedNanos, TimeUnit.MILLISECONDS.toNanos(1)));
        return new Spend(1, millis, Math.multiplyExact(millis, memoryMb), 0, 0, 0, stateTransitions, s3Writes.get(),
                s3Reads.get());
    }

    /** Stops counting this thread's S3 requests into this meter (the meter current before it is current again). */
    @Override
    public void close() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("an invocation meter is closed on the thread that started it");
        }
        if (CURRENT.get() == this) {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** Counts one S3 request attempt of {@code priceClass} into the meter current on this thread, if any. */
    static void countS3Request(S3Metering.PriceClass priceClass) {
        InvocationMeter meter = CURRENT.get();
        if (meter == null) {
            return;
        }
        switch (priceClass) {
            case WRITE -> meter.s3Writes.incrementAndGet();
            case READ -> meter.s3Reads.incrementAndGet();
            case FREE -> {
                // DELETE and CANCEL requests cost nothing.
            }
        }
    }
}
