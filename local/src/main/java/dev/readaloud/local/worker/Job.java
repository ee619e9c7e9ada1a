package dev.readaloud.local.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/** One job on the local worker: its input, fate and state. Every transition wakes its waiters. */
final class Job {

    enum State {
        IN_QUEUE, IN_PROGRESS, COMPLETED, FAILED, CANCELLED, TIMED_OUT;

        boolean terminal() {
            return this != IN_QUEUE && this != IN_PROGRESS;
        }
    }

    final String id;
    final long sequence;
    final JsonNode input;
    final boolean sync;
    final Instant submitted;
    final Duration executionTimeout;
    final Duration ttl;
    final FaultPlan.JobFault fault;
    final double jitterDraw;
    /** Where to POST the job's status once it ended; null when the request named no webhook. */
    final WebhookTarget webhook;
    /** Whether the {@code webhook-loss} fault drops that POST. */
    final boolean webhookLost;
    private final java.util.function.Consumer<Job> onEnd;

    private State state = State.IN_QUEUE;
    private Instant started;
    private Instant finished;
    private long finishedNanos;
    private JsonNode output;
    private String error;
    private String workerId;

    Job(String id, long sequence, JsonNode input, boolean sync, Instant submitted, Duration executionTimeout,
        Duration ttl, FaultPlan.JobFault fault, double jitterDraw, WebhookTarget webhook, boolean webhookLost,
        java.util.function.Consumer<Job> onEnd) {
        this.id = id;
        this.sequence = sequence;
        this.input = input;
        this.sync = sync;
        this.submitted = submitted;
        this.executionTimeout = executionTimeout;
        this.ttl = ttl;
        this.fault = fault;
        this.jitterDraw = jitterDraw;
        this.webhook = webhook;
        this.webhookLost = webhookLost;
        this.onEnd = onEnd;
    }

    synchronized State state() {
        return state;
    }

    /** IN_QUEUE → IN_PROGRESS; false when the job already ended (cancelled, expired). */
    synchronized boolean start(Instant now, String worker) {
        if (state != State.IN_QUEUE) {
            return false;
        }
        state = State.IN_PROGRESS;
        started = now;
        workerId = worker;
        notifyAll();
        return true;
    }

    /**
     * Ends the job unless it has already ended; false when it had. The end is reported to
     * {@code onEnd} with the job's final state already set and before any waiter wakes, so counters
     * are current when an answer leaves and {@code onEnd} may read the job's final status.
     */
    synchronized boolean finish(State end, JsonNode result, String message, Instant now) {
        if (state.terminal()) {
            return false;
        }
        state = end;
        output = result;
        error = message;
        finished = now;
        finishedNanos = System.nanoTime();
        if (started == null) {
            started = now;
        }
        onEnd.accept(this);
        notifyAll();
        return true;
    }

    /**
     * The executionTime /status reports once the job ended, in ms: from a worker taking it to its end;
     * 0 for a job that ended before any worker took it (cancelled or expired IN_QUEUE). -1 while it has
     * not ended.
     */
    synchronized long executionMillis() {
        return finished == null ? -1 : Duration.between(started, finished).toMillis();
    }

    /** {@link System#nanoTime()} when the job ended; 0 while it runs. */
    synchronized long finishedNanos() {
        return finishedNanos;
    }

    /** A job still IN_QUEUE past its ttl ends TIMED_OUT, as on RunPod. */
    synchronized boolean expireIfQueuedTooLong(Instant now) {
        if (state == State.IN_QUEUE && now.isAfter(submitted.plus(ttl))) {
            return finish(State.TIMED_OUT, null, "job expired in the queue after its ttl of " + ttl.toMillis() + " ms", now);
        }
        return false;
    }

    /** Whether the job's result has outlived its retention. */
    synchronized boolean expired(Instant now, Duration retention) {
        return finished != null && now.isAfter(finished.plus(retention));
    }

    /** Waits until the job ends or {@code millis} pass; returns its state then. */
    synchronized State awaitTerminal(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!state.terminal()) {
            expireIfQueuedTooLong(Instant.now());
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0 || state.terminal()) {
                break;
            }
            wait(Math.min(left, 250));
        }
        return state;
    }

    /** Sleeps {@code duration} unless the job ends (is cancelled) first; true when it ended. */
    synchronized boolean awaitEnd(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!state.terminal()) {
            long leftNanos = deadline - System.nanoTime();
            if (leftNanos <= 0) {
                return false;
            }
            wait(Math.max(1, (leftNanos + 999_999) / 1_000_000));
        }
        return true;
    }

    /** The job as RunPod's /status answers it. */
    synchronized ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        if (started != null) {
            node.put("delayTime", Duration.between(submitted, started).toMillis());
        }
        if (finished != null) {
            node.put("executionTime", executionMillis());
        }
        node.put("id", id);
        if (state == State.COMPLETED && output != null) {
            node.set("output", output);
        }
        if (error != null) {
            node.put("error", error);
        }
        node.put("status", state.name());
        if (workerId != null) {
            node.put("workerId", workerId);
        }
        return node;
    }
}
