package dev.readaloud.local.cli;

import dev.readaloud.audio.WavReader;
import dev.readaloud.audio.WavStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pauses a listener hears in a WAV: runs of 10 ms windows whose peak stays under -45 dBFS
 * (the stitcher's trim threshold is -50 dBFS, FreeTTS's own silences are digital zero).
 */
final class SilentRuns {

    /** One pause: where it starts and how long it lasts, in milliseconds. */
    record Pause(long startMillis, long lengthMillis) {
    }

    private static final double THRESHOLD = Math.pow(10, -45 / 20.0);
    private static final int WINDOW_MILLIS = 10;

    private SilentRuns() {
    }

    /** The silent runs of at least {@code minMillis} inside the audio (leading and trailing silence excluded). */
    static List<Pause> of(Path wav, long minMillis) throws IOException {
        List<Pause> pauses = new ArrayList<>();
        try (InputStream in = Files.newInputStream(wav); WavStream stream = WavReader.open(in)) {
            int channels = stream.format().channels();
            int windowFrames = stream.format().sampleRateHz() * WINDOW_MILLIS / 1000;
            float[] samples = new float[windowFrames * channels];
            long window = 0;
            long silentSince = -1;
            boolean heardSound = false;
            int frames;
            while ((frames = stream.read(samples, windowFrames)) > 0) {
                float peak = 0;
                for (int i = 0; i < frames * channels; i++) {
                    peak = Math.max(peak, Math.abs(samples[i]));
                }
                if (peak < THRESHOLD) {
                    if (silentSince < 0) {
                        silentSince = window;
                    }
                } else {
                    if (heardSound && silentSince >= 0 && (window - silentSince) * WINDOW_MILLIS >= minMillis) {
                        pauses.add(new Pause(silentSince * WINDOW_MILLIS, (window - silentSince) * WINDOW_MILLIS));
                    }
                    heardSound = true;
                    silentSince = -1;
                }
                window++;
            }
        }
        return pauses;
    }
}
