package dev.readaloud.local.runtime;

import dev.readaloud.local.statemachine.HistoryEvent;
import dev.readaloud.local.statemachine.HistoryEventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The execution history of every render the local runtime ran, by render id, as it happens; and, for
 * the chunks the Distributed Map runs as child executions, one summary a chunk. A child's events are
 * folded into its summary as they arrive and never kept, so a render of thousands of chunks holds a
 * few numbers a chunk, not their histories (which a Step Functions parent does not hold either).
 */
public final class RenderHistories {

    private final Map<String, List<HistoryEvent>> byRender = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, ChildChunk.Builder>> childrenByRender = new ConcurrentHashMap<>();

    void record(String renderId, HistoryEvent event) {
        List<HistoryEvent> events = byRender.computeIfAbsent(renderId, id -> new ArrayList<>());
        synchronized (events) {
            events.add(event);
        }
    }

    /** An event of the child execution that ran item {@code childIndex} (the chunk index) of the render's Map. */
    void recordChild(String renderId, int childIndex, HistoryEvent event) {
        Map<Integer, ChildChunk.Builder> children = childrenByRender.computeIfAbsent(renderId, id -> new TreeMap<>());
        synchronized (children) {
            children.computeIfAbsent(childIndex, i -> new ChildChunk.Builder()).add(event);
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

    /**
     * The state transitions of the render so far as Step Functions bills them: its own execution's and every
     * chunk's child execution's.
     */
    public long transitions(String renderId) {
        StateTransitions own = new StateTransitions();
        of(renderId).forEach(own::add);
        return own.count() + children(renderId).values().stream().mapToLong(ChildChunk::transitions).sum();
    }

    /** The render's chunks run as child executions so far, by chunk index. */
    public Map<Integer, ChildChunk> children(String renderId) {
        Map<Integer, ChildChunk.Builder> children = childrenByRender.get(renderId);
        if (children == null) {
            return Map.of();
        }
        synchronized (children) {
            Map<Integer, ChildChunk> copy = new TreeMap<>();
            children.forEach((index, builder) -> copy.put(index, builder.build()));
            return copy;
        }
    }

    /**
     * One chunk's child execution, summed up from its events.
     *
     * @param startEpochMillis when its SynthesizeChunk task was first entered
     * @param endEpochMillis   when its last attempt ended (the start until one did)
     * @param attempts         the task's attempts scheduled
     * @param reused           the chunk's audio was already there or copied: no RunPod job
     * @param succeeded        the child execution succeeded
     * @param transitions      its state transitions as Step Functions bills them ({@link StateTransitions})
     */
    public record ChildChunk(long startEpochMillis, long endEpochMillis, int attempts, boolean reused,
                             boolean succeeded, long transitions) {

        /** Folds one chunk's events, in order, into its summary (a child execution's, or an inline Map iteration's). */
        static final class Builder {
            private long start = -1;
            private long end = -1;
            private int attempts;
            private boolean reused;
            private boolean succeeded;
            private final StateTransitions transitions = new StateTransitions();

            void add(HistoryEvent event) {
                transitions.add(event);
                long at = event.timestamp().toEpochMilli();
                String type = event.type();
                if (HistoryEventType.EXECUTION_SUCCEEDED.equals(type)) {
                    succeeded = true;
                    return;
                }
                if (!RenderTimeline.isChunkState(event.stateName())) {
                    return;
                }
                if (start < 0) {
                    start = at;
                    end = at;
                }
                if (RenderTimeline.isScheduled(type)) {
                    attempts++;
                } else if (RenderTimeline.isEnded(type)) {
                    end = at;
                    reused = event.details().path("output").path("reused").asBoolean(false);
                }
            }

            ChildChunk build() {
                return new ChildChunk(start, end, attempts, reused, succeeded, transitions.count());
            }
        }
    }
}
