package dev.readaloud.audio;

/** Reads RIFF/WAV files of any common shape by walking their chunks. */
public final class WavReader {

    private WavReader() {
    }

    /**
     * Checks that {@code wav} is a complete, readable WAV file and says what it holds.
     *
     * @throws InvalidWavException naming what is wrong
     */
    public static WavInfo inspect(byte[] wav) throws InvalidWavException {
        throw new UnsupportedOperationException("not built yet");
    }
}
