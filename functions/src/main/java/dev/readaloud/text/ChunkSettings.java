package dev.readaloud.text;

/**
 * How a text is cut into chunks.
 *
 * @param maxChars  the most characters (Unicode code points) one chunk may hold, at least 1
 * @param minChars  the fewest characters a chunk may hold unless the whole text is shorter, 0..maxChars
 * @param planWidth the chunk count is made a multiple of this (the concurrency the plan is balanced for), at least 1
 */
public record ChunkSettings(int maxChars, int minChars, int planWidth) {
}
