package dev.readaloud.local.worker;

import dev.readaloud.audio.WavWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A fast, deterministic stand-in for speech: each word becomes a tone whose pitch comes from a
 * hash of the word and whose length grows with the word, so different texts give different audio
 * and the duration is proportional to the text's length (about 60 ms a character). 24 kHz, 16-bit
 * mono, with 150 ms of silence at both ends.
 */
public final class SyntheticVoice implements SpeechVoice {

    public static final String NAME = "synthetic";
    public static final int SAMPLE_RATE_HZ = 24_000;

    private static final int EDGE_SILENCE_MILLIS = 150;
    private static final int MILLIS_PER_CHAR = 60;
    private static final int GAP_MILLIS = 60;
    private static final int PAUSE_MILLIS = 200;
    private static final int RAMP_MILLIS = 5;
    private static final double AMPLITUDE = 0.3 * Short.MAX_VALUE;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] speak(String text) {
        List<short[]> parts = new ArrayList<>();
        parts.add(silence(EDGE_SILENCE_MILLIS));
        String[] words = text.strip().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (word.isEmpty()) {
                continue;
            }
            if (i > 0) {
                parts.add(silence(GAP_MILLIS));
            }
            parts.add(tone(frequencyHz(word), Math.max(2, word.length()) * MILLIS_PER_CHAR));
            char last = word.charAt(word.length() - 1);
            if (last == '.' || last == ',' || last == '!' || last == '?' || last == ';' || last == ':') {
                parts.add(silence(PAUSE_MILLIS));
            }
        }
        parts.add(silence(EDGE_SILENCE_MILLIS));
        int total = parts.stream().mapToInt(p -> p.length).sum();
        short[] samples = new short[total];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, samples, at, part.length);
            at += part.length;
        }
        return WavWriter.pcm16(SAMPLE_RATE_HZ, 1, samples);
    }

    /** 150-900 Hz from an FNV-1a hash of the word: stable across runs and JVMs. */
    static double frequencyHz(String word) {
        int hash = 0x811c9dc5;
        for (int i = 0; i < word.length(); i++) {
            hash ^= word.charAt(i);
            hash *= 0x01000193;
        }
        return 150 + Integer.remainderUnsigned(hash, 750);
    }

    private static short[] silence(int millis) {
        return new short[SAMPLE_RATE_HZ * millis / 1000];
    }

    private static short[] tone(double frequencyHz, int millis) {
        int n = SAMPLE_RATE_HZ * millis / 1000;
        int ramp = SAMPLE_RATE_HZ * RAMP_MILLIS / 1000;
        short[] samples = new short[n];
        for (int i = 0; i < n; i++) {
            double envelope = Math.min(1.0, Math.min(i, n - 1 - i) / (double) ramp);
            samples[i] = (short) Math.round(AMPLITUDE * envelope * Math.sin(2 * Math.PI * frequencyHz * i / SAMPLE_RATE_HZ));
        }
        return samples;
    }
}
