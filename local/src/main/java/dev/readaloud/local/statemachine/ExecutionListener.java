package dev.readaloud.local.statemachine;

/**
 * Receives history events as they happen. Called from the engine's threads (Map iterations and
 * Parallel branches run concurrently), one event at a time: calls are serialized by the engine,
 * so an implementation need not be thread-safe, but it must be quick.
 */
@FunctionalInterface
public interface ExecutionListener {

    ExecutionListener NONE = event -> { };

    void onEvent(HistoryEvent event);

    /**
     * An event of a Distributed Map child execution. It is not part of this execution's history
     * (children keep their own), so observers such as a render timeline can follow items without
     * the parent's history growing. Serialized with {@link #onEvent} like every call.
     *
     * @param childExecutionName the child's {@code $$.Execution.Name}
     * @param childIndex         the child's place in its Map Run: the item's index, or the batch's
     *                           with ItemBatcher
     */
    default void onChildEvent(String childExecutionName, int childIndex, HistoryEvent event) {
    }
}
