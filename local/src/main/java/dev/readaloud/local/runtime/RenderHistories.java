package dev.readaloud.local.runtime;

import dev.readaloud.local.statemachine.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The execution history of every render the local runtime ran, by render id, as it happens. */
public final class RenderHistories {

    private final Map<String, List<HistoryEvent>> byRender = new ConcurrentHashMap<>();

    void record(String renderId, HistoryEvent event) {
        List<HistoryEvent> events = byRender.computeIfAbsent(renderId, id -> new ArrayList<>());
        synchronized (events) {
            events.add(event);
        }
    }

    /** A copy of the render's events so far, in the order they were recorded. */
    public List<HistoryEvent> of(String renderId) {
        List<HistoryEvent> events = byRender.get(renderId);
        if (events == null) {
            return List.of();
        }
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
