package dev.readaloud.render;

import java.util.List;

/**
 * The Plan step's output and the Map state's input: tiny, never the text.
 *
 * @param renderId       the render
 * @param chunkCount     chunks in the plan
 * @param items          one item per chunk, for the Map state's ItemsPath
 * @param maxConcurrency the Map state's MaxConcurrencyPath value
 */
public record PlanResult(String renderId, int chunkCount, List<Item> items, int maxConcurrency) {

    public PlanResult {
        items = List.copyOf(items);
    }

    /** One Map item: just the chunk index. */
    public record Item(int index) {
    }
}
