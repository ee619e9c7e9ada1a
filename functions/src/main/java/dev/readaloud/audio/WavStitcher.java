package dev.readaloud.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Joins chunk WAVs, in the order given, into one 16-bit PCM WAV, streaming with bounded memory. */
public final class WavStitcher {

    private final StitchSettings settings;

    public WavStitcher(StitchSettings settings) {
        this.settings = settings;
    }

    /**
     * Writes the joined audio to {@code output}: written aside and renamed on success, so on any
     * error no file is left at {@code output}.
     *
     * @throws InvalidWavException naming the input and what is wrong with it
     */
    public StitchResult stitch(List<? extends StitchInput> inputs, Path output) throws IOException {
        throw new UnsupportedOperationException("not built yet");
    }
}
