package dev.readaloud.local.runtime;

import dev.readaloud.local.statemachine.HistoryEvent;
import dev.readaloud.local.statemachine.HistoryEventType;

/**
 * Counts an execution's state transitions from its history, as Standard workflows bill them: every state
 * entered, and every retry of a task (another attempt scheduled without the state being entered again).
 * Feed it one execution's events in order.
 */
final class StateTransitions {

    private long count;
    private int scheduledSinceEntered;

    void add(HistoryEvent event) {
        String type = event.type();
        if (type.endsWith(HistoryEventType.STATE_ENTERED)) {
            count++;
            scheduledSinceEntered = 0;
        } else if (RenderTimeline.isScheduled(type) && scheduledSinceEntered++ > 0) {
            count++;
        }
    }

    long count() {
        return count;
    }
}
