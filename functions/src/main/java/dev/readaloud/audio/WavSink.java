package dev.readaloud.audio;

import java.io.IOException;

/**
 * Where the stitcher writes a 16-bit PCM WAV: frames are appended, and the most recent ones may be
 * read back, overwritten or truncated (fades, crossfades, trimming) until the stitcher
 * {@linkplain #settle settles} them. The header is written by {@link #finish}, when the sizes are known.
 */
sealed interface WavSink extends AutoCloseable permits WavFileSink, WavPartSink {

    WavFormat format();

    /** Frames written so far. */
    long frames();

    /** Appends {@code count} interleaved frames of {@code samples} from frame {@code offset}, clipped to 16 bits. */
    void write(float[] samples, int offset, int count) throws IOException;

    /** Appends {@code count} frames already in this sink's format (16-bit little-endian) from {@code bytes}. */
    void writeRaw(byte[] bytes, int count) throws IOException;

    /** Appends {@code count} frames of silence. */
    void writeSilence(long count) throws IOException;

    /** Reads {@code count} frames from frame {@code from} (not settled) as floats (interleaved, ±1.0). */
    void read(long from, float[] samples, int count) throws IOException;

    /** Overwrites {@code count} frames from frame {@code from} (written, not settled). */
    void overwrite(long from, float[] samples, int count) throws IOException;

    /** Drops every frame from {@code frameCount} on (not below the settled frames). */
    void truncate(long frameCount) throws IOException;

    /**
     * Promises that the frames before {@code frameCount} will never be read, overwritten or truncated
     * again, so a sink may pass them on; a lower count than an earlier one changes nothing.
     */
    void settle(long frameCount) throws IOException;

    /** Writes the final header and returns the size of the WAV in bytes, header included. */
    long finish() throws IOException;

    @Override
    void close() throws IOException;

    /** The 16-bit value of {@code sample} (±1.0 full scale), rounded and clipped. */
    static int quantize(float sample) {
        float scaled = sample * 32768f;
        if (scaled >= 32767f) {
            return 32767;
        }
        if (scaled <= -32768f) {
            return -32768;
        }
        return Math.round(scaled);
    }

    /** Encodes {@code count} samples from {@code samples[from]} as 16-bit little-endian at {@code bytes[offset]}. */
    static void encode(float[] samples, int from, int count, byte[] bytes, int offset) {
        for (int i = 0; i < count; i++) {
            LittleEndian.put16(bytes, offset + 2 * i, quantize(samples[from + i]));
        }
    }

    /** Decodes {@code count} 16-bit little-endian samples from {@code bytes[offset]} into {@code samples}. */
    static void decode(byte[] bytes, int offset, float[] samples, int count) {
        for (int i = 0; i < count; i++) {
            samples[i] = (short) LittleEndian.u16(bytes, offset + 2 * i) / 32768f;
        }
    }
}
