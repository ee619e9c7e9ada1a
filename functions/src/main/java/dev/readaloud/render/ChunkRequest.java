package dev.readaloud.render;

/**
 * The SynthesizeChunk step's input.
 *
 * @param renderId the render
 * @param index    the chunk index, from 0
 * @param attempt  the Step Functions retry count of this task ({@code $$.State.RetryCount}), 0 first; may be null
 * @param abandon  true once the state machine has given the chunk up: cancel its RunPod job instead of
 *                 synthesizing it; null or false otherwise
 */
public record ChunkRequest(String renderId, Integer index, Integer attempt, Boolean abandon) {

    /** Whether this request gives the chunk up rather than synthesizing it. */
    public boolean abandons() {
        return Boolean.TRUE.equals(abandon);
    }
}
