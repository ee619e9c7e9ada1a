package dev.readaloud.audio;

import java.io.IOException;

/**
 * Where a stitched WAV goes when it is not a file (an object store's multipart upload, say): the
 * WAV arrives cut into numbered parts of {@link #partBytes()} bytes, the last one possibly
 * shorter. A WAV header holds sizes that are known only at the end, so part 1, which holds the
 * header, is handed over last: parts 2, 3, ... arrive in order, each as soon as the stitcher will
 * not change it again, and {@link #complete} brings part 1 with the final header.
 *
 * <p>The stitcher keeps part 1 and the parts it may still change in memory, so memory is about
 * three parts whatever the length of the WAV. On any error it stops without calling
 * {@link #complete}; discarding the parts already stored is then the caller's job.
 */
public interface PartedOutput {

    /**
     * Bytes in every part but the last; at least 80, so the WAV header fits in part 1. Constant for the
     * life of the output.
     */
    int partBytes();

    /**
     * Stores part {@code number} (2 or more, in increasing order), {@code length} bytes of {@code bytes}:
     * exactly {@link #partBytes()}, except for the last part, which may be shorter. The array is reused
     * once the call returns.
     */
    void part(int number, byte[] bytes, int length) throws IOException;

    /**
     * Stores part 1, header final, after every other part, and makes the WAV of {@code partCount} parts
     * (1 or more) whole. With one part, {@code length} is the whole WAV; otherwise it is {@link #partBytes()}.
     */
    void complete(byte[] firstPart, int length, int partCount) throws IOException;
}
