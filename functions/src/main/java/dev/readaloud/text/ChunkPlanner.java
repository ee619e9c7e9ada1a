package dev.readaloud.text;

/** Cuts a reading into chunks a TTS worker can speak, losing nothing and keeping text order. */
public final class ChunkPlanner {

    private ChunkPlanner() {
    }

    /**
     * Plans the chunks of {@code text}.
     *
     * @throws InvalidTextException when the text is empty after cleaning, or the settings are impossible
     */
    public static ChunkPlan plan(String text, ChunkSettings settings) {
        throw new UnsupportedOperationException("not built yet");
    }
}
