package dev.readaloud.audio;

import java.io.IOException;
import java.io.InputStream;

/** One chunk's WAV for the stitcher, opened only when its turn comes so memory stays bounded. */
public interface StitchInput {

    /** A name for messages (a file name or an S3 key). */
    String name();

    /** The pause in milliseconds to insert after this chunk, or a negative value for the settings' default. */
    default int pauseAfterMillis() {
        return -1;
    }

    /**
     * The chunk's loudness as measured where it was stored ({@link LoudnessMeter} on these very bytes), or
     * null when unknown: then a stitch that normalizes loudness measures it, reading the chunk once more.
     */
    default ChunkLoudness loudness() {
        return null;
    }

    /** Opens the WAV bytes; the stitcher closes the stream. */
    InputStream open() throws IOException;
}
