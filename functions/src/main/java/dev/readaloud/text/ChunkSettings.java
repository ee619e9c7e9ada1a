package dev.readaloud.text;

/**
 * How a text is cut into chunks.
 *
 * <p>Defaults ({@link #defaults()}): at most {@value #DEFAULT_MAX_CHARS} characters, at least
 * {@value #DEFAULT_MIN_CHARS}, a short reading's chunk count a multiple of {@value #DEFAULT_PLAN_WIDTH}.
 * 400 characters is about 25-30 seconds of speech, four or five average English sentences. It
 * fits in one forward pass of the TTS models RunPod workers commonly serve: Kokoro reads at most
 * 510 phoneme tokens per pass (about 400-450 English characters), Chatterbox and F5-TTS keep
 * their prosody over a few sentences, and XTTS-v2 splits longer input into sentences itself
 * (warning above 250 characters for English, so such endpoints should set 250). Shorter chunks
 * cost more requests and fixed overhead per chunk; much longer ones risk truncated audio and
 * make a single slow chunk decide the end of a render.
 *
 * @param maxChars  the most characters (Unicode code points) one chunk may hold, at least 1
 * @param minChars  the fewest characters a chunk may hold unless its paragraph is shorter (every paragraph
 *                  break ends a chunk, so a heading is a chunk of its own), 0..maxChars;
 *                  kept whenever the cut points allow it (only a text whose unsplittable tokens leave no
 *                  other choice, such as "ab" between two tokens of maxChars, gets a shorter chunk)
 * @param planWidth the concurrency the plan is made for, at least 1: the chunk count of a reading of at most
 *                  three rounds is made a multiple of it; a longer one gets the fewest chunks each paragraph
 *                  needs, so an edit re-plans only the paragraphs it touches (see {@link ChunkPlanner})
 * @throws InvalidTextException when a value is out of range
 */
public record ChunkSettings(int maxChars, int minChars, int planWidth) {

    /** Default most characters per chunk; see the class comment for why. */
    public static final int DEFAULT_MAX_CHARS = 400;
    /** Default fewest characters per chunk: below this, a TTS model's prosody suffers and per-request overhead dominates. */
    public static final int DEFAULT_MIN_CHARS = 40;
    /** Default plan width, the default render concurrency. */
    public static final int DEFAULT_PLAN_WIDTH = 3;

    public ChunkSettings {
        if (maxChars < 1) {
            throw new InvalidTextException("maxChars must be at least 1, got " + maxChars);
        }
        if (minChars < 0) {
            throw new InvalidTextException("minChars must be at least 0, got " + minChars);
        }
        if (minChars > maxChars) {
            throw new InvalidTextException(
                    "minChars (" + minChars + ") must not exceed maxChars (" + maxChars + ")");
        }
        if (planWidth < 1) {
            throw new InvalidTextException("planWidth must be at least 1, got " + planWidth);
        }
    }

    /**
     * The min chars that goes with a max when none is configured: {@value #DEFAULT_MIN_CHARS}, or a
     * tenth of the max when that is smaller.
     */
    public static int defaultMinChars(int maxChars) {
        return Math.min(DEFAULT_MIN_CHARS, maxChars / 10);
    }

    /** {@value #DEFAULT_MAX_CHARS} max, {@value #DEFAULT_MIN_CHARS} min, width {@value #DEFAULT_PLAN_WIDTH}. */
    public static ChunkSettings defaults() {
        return new ChunkSettings(DEFAULT_MAX_CHARS, DEFAULT_MIN_CHARS, DEFAULT_PLAN_WIDTH);
    }

    /** These settings with another max. */
    public ChunkSettings withMaxChars(int newMaxChars) {
        return new ChunkSettings(newMaxChars, minChars, planWidth);
    }

    /** These settings with another min. */
    public ChunkSettings withMinChars(int newMinChars) {
        return new ChunkSettings(maxChars, newMinChars, planWidth);
    }

    /** These settings with another plan width. */
    public ChunkSettings withPlanWidth(int newPlanWidth) {
        return new ChunkSettings(maxChars, minChars, newPlanWidth);
    }
}
