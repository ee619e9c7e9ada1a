package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The history of one execution: numbers events, chains each branch's and iteration's events
 * through {@link Frame}, and hands every event to the live listener. Thread-safe: branches and
 * iterations record concurrently.
 */
final class History {

    /** Where events are recorded from: a branch or Map iteration chains its own events. */
    static final class Frame {
        final Integer mapIndex;
        long previousEventId;

        Frame(Integer mapIndex, long previousEventId) {
            this.mapIndex = mapIndex;
            this.previousEventId = previousEventId;
        }

        /** A frame for a branch or iteration that starts after this frame's latest event. */
        Frame fork(Integer index) {
            return new Frame(index, previousEventId);
        }
    }

    private final List<HistoryEvent> events = new ArrayList<>();
    private final ExecutionListener listener;
    private final EngineClock clock;
    private final int maxEvents;
    private final Runnable onLimitReached;
    private long lastEventId;
    private boolean limitReached;

    /**
     * @param maxEvents      {@link ExecutionLimits#MAX_HISTORY_EVENTS} for a Standard execution, 0 for
     *                       none (Express)
     * @param onLimitReached called once, from the recording thread, when the quota stops the
     *                       execution: it must stop the execution's own thread (branches and
     *                       iterations stop when that thread stops them)
     */
    History(ExecutionListener listener, EngineClock clock, int maxEvents, Runnable onLimitReached) {
        this.listener = listener;
        this.clock = clock;
        this.maxEvents = maxEvents;
        this.onLimitReached = onLimitReached;
    }

    /**
     * Records one event. The event that would be number {@code maxEvents} is recorded only when it
     * ends the execution; any other stops the execution instead (see
     * {@link ExecutionLimits#MAX_HISTORY_EVENTS}).
     *
     * @throws ExecutionAborted when the quota is reached, or was reached by another thread
     */
    void record(Frame frame, String type, String stateName, JsonNode details) {
        boolean reachedNow = false;
        synchronized (this) {
            if (!limitReached) {
                if (maxEvents > 0 && lastEventId + 1 >= maxEvents && !HistoryEventType.ENDS_EXECUTION.contains(type)) {
                    limitReached = true;
                    reachedNow = true;
                } else {
                    append(frame, type, stateName, details);
                    return;
                }
            }
        }
        if (reachedNow) {
            onLimitReached.run();
        }
        throw new ExecutionAborted();
    }

    /** Records the event that ends the execution, also after the quota stopped it. */
    synchronized void recordEnd(Frame frame, String type, JsonNode details) {
        append(frame, type, null, details);
    }

    private void append(Frame frame, String type, String stateName, JsonNode details) {
        long id = ++lastEventId;
        HistoryEvent event = new HistoryEvent(id, frame.previousEventId, clock.now(), type, stateName, frame.mapIndex, details);
        frame.previousEventId = id;
        events.add(event);
        synchronized (listener) {
            listener.onEvent(event);
        }
    }

    synchronized boolean limitReached() {
        return limitReached;
    }

    synchronized long size() {
        return lastEventId;
    }

    synchronized List<HistoryEvent> snapshot() {
        return new ArrayList<>(events);
    }
}
