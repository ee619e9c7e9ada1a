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
    private long lastEventId;

    History(ExecutionListener listener, EngineClock clock) {
        this.listener = listener;
        this.clock = clock;
    }

    synchronized void record(Frame frame, String type, String stateName, JsonNode details) {
        long id = ++lastEventId;
        HistoryEvent event = new HistoryEvent(id, frame.previousEventId, clock.now(), type, stateName, frame.mapIndex, details);
        frame.previousEventId = id;
        events.add(event);
        listener.onEvent(event);
    }

    synchronized List<HistoryEvent> snapshot() {
        return new ArrayList<>(events);
    }
}
