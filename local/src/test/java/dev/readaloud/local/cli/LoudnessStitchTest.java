package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.readaloud.audio.LoudnessMeasurement;
import dev.readaloud.audio.LoudnessMeter;
import dev.readaloud.audio.WavFormat;
import dev.readaloud.audio.WavReader;
import dev.readaloud.audio.WavStream;
import dev.readaloud.audio.WavWriter;
import dev.readaloud.local.AudioTools;
import dev.readaloud.local.worker.FreeTtsVoice;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Even loudness on real speech: the same FreeTTS sentence as a quiet chunk (-30 LUFS) and a loud one
 * (-10 LUFS, a 32-bit float WAV, as its peaks pass full scale), stitched by {@code readaloud stitch}.
 * Each part of the output and the whole are measured with this project's meter always, and the
 * whole with ffmpeg's ebur128 where ffmpeg is installed (under CI it must be).
 */
class LoudnessStitchTest {

    private static final String SENTENCE = "The lighthouse keeper climbed the hundred and twelve steps every evening,"
            + " and lit the lamp before the fishing boats came home.";
    private static final int PAUSE_MS = 250;

    private static float[] speech;
    private static int rate;
    private static double speechLufs;

    @TempDir
    Path dir;

    @BeforeAll
    static void speak() throws IOException {
        byte[] wav = new FreeTtsVoice().speak(SENTENCE);
        try (WavStream stream = WavReader.open(new ByteArrayInputStream(wav))) {
            WavFormat format = stream.format();
            assertThat(format.channels()).isEqualTo(1);
            rate = format.sampleRateHz();
            float[] block = new float[8192];
            float[] all = new float[0];
            int frames;
            while ((frames = stream.read(block, block.length)) >= 0) {
                all = Arrays.copyOf(all, all.length + frames);
                System.arraycopy(block, 0, all, all.length - frames, frames);
            }
            speech = all;
        }
        speechLufs = LoudnessMeter.measure(wav).integratedLufs();
    }

    /** The sentence scaled to {@code lufs}, as a WAV of {@code format}. */
    private Path at(String name, double lufs, WavFormat format) throws IOException {
        double gain = Math.pow(10, (lufs - speechLufs) / 20);
        double[] samples = new double[speech.length];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = speech[i] * gain;
        }
        Path file = Files.write(dir.resolve(name), WavWriter.encode(format, samples, false));
        assertThat(LoudnessMeter.measure(Files.readAllBytes(file)).integratedLufs()).isCloseTo(lufs, within(0.05));
        return file;
    }

    /** Output frames from {@code from} to {@code to}, measured alone. */
    private static LoudnessMeasurement part(byte[] output, long from, long to) throws IOException {
        byte[] slice = Arrays.copyOfRange(output, (int) (80 + 2 * from), (int) (80 + 2 * to));
        short[] pcm = new short[slice.length / 2];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) ((slice[2 * i] & 0xff) | slice[2 * i + 1] << 8);
        }
        return LoudnessMeter.measure(WavWriter.pcm16(rate, 1, pcm));
    }

    private record Stitched(LoudnessMeasurement first, LoudnessMeasurement second, LoudnessMeasurement whole,
                            Path file, String stdout) {
    }

    private Stitched stitch(String loudness) throws IOException {
        Path quiet = at("quiet.wav", -30, WavFormat.pcm16(rate, 1));
        Path loud = at("loud.wav", -10, new WavFormat(rate, 1, 32, true));
        Path out = dir.resolve("out-" + loudness + ".wav");
        // No trimming, so each part's frames are known: the quiet chunk, the pause, the loud chunk.
        ConsoleCapture.Run run = ConsoleCapture.run("stitch", "-o", out.toString(), "--no-trim", "--pause-ms",
                String.valueOf(PAUSE_MS), "--loudness", loudness, quiet.toString(), loud.toString());
        assertThat(run.status()).as(run.stderr()).isZero();
        byte[] output = Files.readAllBytes(out);
        long frames = speech.length;
        long pause = (long) PAUSE_MS * rate / 1000;
        assertThat(WavReader.inspect(output).frames()).isEqualTo(2 * frames + pause);
        return new Stitched(part(output, 0, frames), part(output, frames + pause, 2 * frames + pause),
                LoudnessMeter.measure(output), out, run.stdout());
    }

    @Test
    void aQuietAndALoudChunkOfTheSameSpeech_comeOutEven_atTheTarget_underMinus3Dbtp() throws Exception {
        Stitched stitched = stitch("-23");

        assertThat(stitched.first().integratedLufs()).isCloseTo(stitched.second().integratedLufs(), within(1.5));
        assertThat(stitched.first().integratedLufs()).isCloseTo(-23.0, within(0.5));
        assertThat(stitched.second().integratedLufs()).isCloseTo(-23.0, within(0.5));
        assertThat(stitched.whole().integratedLufs()).isCloseTo(-23.0, within(1.0));
        assertThat(stitched.whole().truePeakDbtp()).isLessThanOrEqualTo(-3.0);
        assertThat(stitched.stdout()).contains("LUFS integrated").contains("files brought to -23.0 LUFS");
        if (AudioTools.checkWith("ffmpeg")) {
            AudioTools.Ebur128 ffmpeg = AudioTools.ebur128(stitched.file());
            assertThat(ffmpeg.integratedLufs()).isCloseTo(-23.0, within(1.0));
            assertThat(ffmpeg.truePeakDbtp()).isLessThanOrEqualTo(-3.0);
        }
    }

    /**
     * At the default -18 LUFS the ceiling decides: FreeTTS speech peaks about 19 dB over its loudness, so at
     * -18 it would peak near +1 dBTP. Both chunks are brought to the one level that keeps the peak under
     * -3 dBTP (about -22 LUFS), still even with each other; reaching -18 would take a limiter.
     */
    @Test
    void atTheDefaultTarget_theTruePeakCeilingSetsOneLowerLevel_forBothChunks() throws Exception {
        Stitched stitched = stitch("-18");
        double peakToLoudness = LoudnessMeter.measure(Files.readAllBytes(dir.resolve("quiet.wav"))).truePeakDbtp() + 30;
        double level = -3 - 0.1 - peakToLoudness;

        assertThat(peakToLoudness).as("FreeTTS's peak-to-loudness ratio").isGreaterThan(15);
        assertThat(stitched.first().integratedLufs()).isCloseTo(stitched.second().integratedLufs(), within(1.5));
        assertThat(stitched.whole().integratedLufs()).isCloseTo(level, within(1.0));
        assertThat(stitched.whole().truePeakDbtp()).isLessThanOrEqualTo(-3.0);
        assertThat(stitched.stdout()).contains("(held under the target by the true peak of file");
        if (AudioTools.checkWith("ffmpeg")) {
            assertThat(AudioTools.ebur128(stitched.file()).truePeakDbtp()).isLessThanOrEqualTo(-3.0);
        }
    }

    @Test
    void off_leavesTheLevelsAsTheyCame() throws Exception {
        Stitched stitched = stitch("off");

        assertThat(stitched.first().integratedLufs()).isCloseTo(-30.0, within(0.1));
        // The loud chunk's peaks pass full scale: 16 bits clip them, and with them some of its loudness.
        assertThat(stitched.second().integratedLufs()).isGreaterThan(-11.0);
        assertThat(stitched.stdout()).doesNotContain("loudness");
    }

    @Test
    void freeTtsSpeech_measuresAsFfmpegMeasuresIt() throws Exception {
        AudioTools.require("ffmpeg");
        Path file = Files.write(dir.resolve("freetts.wav"), new FreeTtsVoice().speak(SENTENCE + " " + SENTENCE
                + " Then, with the light turning, he sat down to write the log of the day."));
        LoudnessMeasurement ours = LoudnessMeter.measure(Files.readAllBytes(file));
        AudioTools.Ebur128 ffmpeg = AudioTools.ebur128(file);

        assertThat(ours.integratedLufs()).isCloseTo(ffmpeg.integratedLufs(), within(0.5));
        assertThat(ours.loudnessRangeLu()).isCloseTo(ffmpeg.loudnessRangeLu(), within(0.5));
        assertThat(ours.truePeakDbtp()).isCloseTo(ffmpeg.truePeakDbtp(), within(0.3));
    }
}
