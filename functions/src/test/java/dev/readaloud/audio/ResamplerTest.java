package dev.readaloud.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    /** Resamples mono {@code input} in blocks of {@code block} frames and returns 16-bit output. */
    static short[] resample(double[] input, int inRateHz, int outRateHz, int block) {
        Resampler resampler = new Resampler(inRateHz, outRateHz, 1);
        Resampler.Output out = new Resampler.Output();
        short[] all = new short[0];
        float[] buffer = new float[block];
        for (int offset = 0; offset < input.length; offset += block) {
            int frames = Math.min(block, input.length - offset);
            for (int i = 0; i < frames; i++) {
                buffer[i] = (float) input[offset + i];
            }
            all = append(all, resampler.process(buffer, frames, out));
        }
        return append(all, resampler.finish(out));
    }

    private static short[] append(short[] all, Resampler.Output out) {
        short[] grown = Arrays.copyOf(all, all.length + out.frames);
        for (int i = 0; i < out.frames; i++) {
            grown[all.length + i] = (short) WavSink.quantize(out.samples[i]);
        }
        return grown;
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"22050, 24000", "16000, 24000", "24000, 22050", "44100, 24000", "48000, 16000", "24000, 48000",
            "8000, 44100"})
    void keepsASinesFrequencyAmplitudeAndDuration(int inRateHz, int outRateHz) {
        assertThat(resample(new double[inRateHz], inRateHz, outRateHz, 8192)).hasSize((int) Math.ceil((double) inRateHz * outRateHz / inRateHz));
        double hz = 440;
        int frames = inRateHz; // one second
        short[] out = resample(Signals.sine(hz, inRateHz, frames, 0.5), inRateHz, outRateHz, 1000);

        assertThat(out).hasSize((int) Math.ceil((double) frames * outRateHz / inRateHz));
        int edge = outRateHz / 20;
        assertThat(Signals.zeroCrossingHz(out, edge, out.length - edge, outRateHz)).isCloseTo(hz, within(0.5));
        assertThat(Signals.rms(out, edge, out.length - edge)).isCloseTo(0.5 / Math.sqrt(2), within(0.005));
        double atTone = Signals.goertzel(out, edge, out.length - edge, hz, outRateHz);
        double offTone = Signals.goertzel(out, edge, out.length - edge, hz * 1.5, outRateHz);
        assertThat(offTone).isLessThan(atTone * 1e-3);
    }

    @Test
    void downsamplingRemovesToneAboveTheNewNyquistInsteadOfAliasingThem() {
        int inRateHz = 48_000;
        int outRateHz = 16_000;
        double[] tooHigh = Signals.sine(11_000, inRateHz, inRateHz, 0.5);
        short[] out = resample(tooHigh, inRateHz, outRateHz, 4096);

        // 11 kHz would alias to 5 kHz at 16 kHz; the filter leaves (far) less than -60 dB of it.
        assertThat(Signals.rms(out, 800, out.length - 800)).isLessThan(0.5 / Math.sqrt(2) / 1000);
    }

    @Test
    void keepsTheLevelOfHighSpeechFrequencies() {
        // 8 kHz is 73 % of the 11.025 kHz Nyquist frequency of a 22.05 kHz chunk: still in the passband.
        short[] out = resample(Signals.sine(8000, 22_050, 22_050, 0.5), 22_050, 24_000, 4096);
        double gainDb = 20 * Math.log10(Signals.rms(out, 2400, out.length - 2400) / (0.5 / Math.sqrt(2)));
        assertThat(gainDb).isCloseTo(0, within(0.1));
    }

    @Test
    void givesTheSameSamplesWhateverTheBlockSize() {
        double[] input = Signals.sine(300, 22_050, 22_050, 0.7);
        assertThat(resample(input, 22_050, 24_000, 1)).isEqualTo(resample(input, 22_050, 24_000, 22_050))
                .isEqualTo(resample(input, 22_050, 24_000, 777));
    }

    @Test
    void handlesRatesWithoutASmallCommonFactor() {
        // 7919 is prime: L/M = 96000/7919, too many phases for a table, so weights are computed per frame.
        int inRateHz = 7919;
        short[] out = resample(Signals.sine(440, inRateHz, inRateHz / 4, 0.5), inRateHz, 96_000, 4096);
        assertThat(out).hasSize((int) Math.ceil((inRateHz / 4) * 96_000.0 / inRateHz));
        assertThat(Signals.zeroCrossingHz(out, 4800, out.length - 4800, 96_000)).isCloseTo(440, within(0.5));
    }
}
