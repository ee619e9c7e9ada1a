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
}
