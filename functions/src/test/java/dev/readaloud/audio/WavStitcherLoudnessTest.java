package dev.readaloud.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stitcher's loudness normalization and its measurement of the output: off, the bytes are the
 * stitcher's from before normalization existed (hashes taken at commit f8d6793); on, chunks of very
 * different levels come out at one level, with the planned gains, and the output's measurement is
 * the one a separate pass over the written file gives.
 */
class WavStitcherLoudnessTest {

    @TempDir
    Path dir;

    /** A chunk; {@code opens} counts how often it was read. */
    record Chunk(String name, byte[] wav, int pauseAfterMillis, ChunkLoudness loudness, AtomicInteger opens)
            implements StitchInput {
        Chunk(String name, byte[] wav, int pauseAfterMillis) {
            this(name, wav, pauseAfterMillis, null, new AtomicInteger());
        }

        Chunk measured() {
            try {
                return new Chunk(name, wav, pauseAfterMillis, LoudnessMeter.measure(wav).chunkLoudness(), opens);
            } catch (InvalidWavException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public InputStream open() {
            opens.incrementAndGet();
            return new ByteArrayInputStream(wav);
        }
    }

    /**
     * Speech-like sound (a gliding voiced tone with harmonics and a little noise, syllables of about a
     * third of a second) at {@code level} of full scale, with 0.2 s of silence at each end; built with
     * StrictMath and a seeded Random, so the bytes are the same on every JVM.
     */
    static byte[] speechLike(int rate, int channels, double level, long seed, double seconds) {
        Random random = new Random(seed);
        int frames = (int) (rate * seconds);
        double[] samples = new double[frames * channels];
        double phase = 0;
        for (int i = 0; i < frames; i++) {
            double t = (double) i / rate;
            double envelope = Math.max(0, StrictMath.sin(StrictMath.PI * 3 * t))
                    * (i > rate / 5 && i < frames - rate / 5 ? 1 : 0);
            phase += 2 * StrictMath.PI * (140 + 30 * StrictMath.sin(2 * StrictMath.PI * 0.7 * t)) / rate;
            double value = level * envelope * (0.6 * StrictMath.sin(phase) + 0.3 * StrictMath.sin(3 * phase)
                    + 0.1 * (random.nextDouble() - 0.5));
            for (int c = 0; c < channels; c++) {
                samples[i * channels + c] = value;
            }
        }
        return WavWriter.encode(new WavFormat(rate, channels, 16, false), samples, false);
    }

    /** Four chunks: quiet, loud, another format (resampled and mixed), very loud. */
    private static List<Chunk> chunks() {
        return List.of(
                new Chunk("a", speechLike(24_000, 1, 0.05, 1, 2.3), -1),
                new Chunk("b", speechLike(24_000, 1, 0.6, 2, 1.9), 700),
                new Chunk("c", speechLike(22_050, 2, 0.2, 3, 2.1), -1),
                new Chunk("d", speechLike(24_000, 1, 0.9, 4, 1.7), -1));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private byte[] stitch(StitchSettings settings, List<? extends StitchInput> inputs) throws IOException {
        Path out = dir.resolve("out.wav");
        new WavStitcher(settings).stitch(inputs, out);
        return Files.readAllBytes(out);
    }

    @Test
    void off_givesExactlyTheBytesOfTheStitcherBeforeNormalization() throws Exception {
        // The same inputs and settings through the stitcher at f8d6793, before loudness existed.
        assertThat(sha256(stitch(StitchSettings.defaults(), chunks())))
                .isEqualTo("2c9c43cb7154d919e225c8e19a71b60dfcaf230439d58029d14b69ed7815b0a9");
        assertThat(sha256(stitch(StitchSettings.exact(), chunks())))
                .isEqualTo("9a5f99ac2b1be63f973aa713fd24dac9819ae0fa6276b88ad744d5b175ae79a5");
        assertThat(sha256(stitch(StitchSettings.defaults().withPauseMillis(0), chunks())))
                .isEqualTo("2b2ce20dbabbf2bb2d13a956083051fe166154aabe4bda5de76884620a9a2b35");
        // Measuring the output reads it back, never changes it.
        Path out = dir.resolve("measured.wav");
        StitchResult result = new WavStitcher(StitchSettings.defaults(), true).stitch(chunks(), out);
        assertThat(sha256(Files.readAllBytes(out)))
                .isEqualTo("2c9c43cb7154d919e225c8e19a71b60dfcaf230439d58029d14b69ed7815b0a9");
        assertThat(result.normalization()).isNull();
        assertThat(result.loudness()).isNotNull();
    }

    /**
     * Chunks at levels 25 dB apart, one at another rate (resampled), all mono: a chunk is measured in its own
     * format, and a stereo chunk mixed into a mono output would come out up to 3 dB under the rest.
     */
    @Test
    void on_bringsQuietAndLoudChunksToOneLevel_andKeepsTheTiming() throws Exception {
        LoudnessNormalization target = LoudnessNormalization.to(-30);
        StitchSettings settings = StitchSettings.exact().withLoudness(target);
        List<Chunk> chunks = List.of(
                new Chunk("a", speechLike(24_000, 1, 0.05, 1, 2.3), -1),
                new Chunk("b", speechLike(24_000, 1, 0.6, 2, 1.9), -1),
                new Chunk("c", speechLike(22_050, 1, 0.2, 3, 2.1), -1),
                new Chunk("d", speechLike(24_000, 1, 0.9, 4, 1.7), -1));

        byte[] off = stitch(StitchSettings.exact(), chunks);
        Path out = dir.resolve("on.wav");
        StitchResult result = new WavStitcher(settings, true).stitch(chunks, out);
        byte[] on = Files.readAllBytes(out);

        assertThat(on.length).as("gains change levels, never timing").isEqualTo(off.length);
        LoudnessNormalization.Plan plan = result.normalization();
        assertThat(plan.levelLufs()).isEqualTo(-30.0);
        assertThat(plan.limitingChunk()).isEqualTo(-1);
        assertThat(result.chunksMeasured()).isEqualTo(4);
        // Each chunk's stretch of the output, measured alone, is at the target.
        int from = 80;
        List<Double> levels = new ArrayList<>();
        for (Chunk chunk : chunks) {
            WavInfo info = WavReader.inspect(chunk.wav());
            long frames = (long) Math.ceil(info.frames() * 24_000.0 / info.sampleRateHz());
            byte[] part = new byte[(int) frames * 2];
            System.arraycopy(on, from, part, 0, part.length);
            from += part.length;
            levels.add(LoudnessMeter.measure(WavWriter.pcm16(24_000, 1, pcm(part))).integratedLufs());
        }
        assertThat(levels).allSatisfy(level -> assertThat(level).isCloseTo(-30.0, within(0.2)));
        assertThat(result.loudness().integratedLufs()).isCloseTo(-30.0, within(0.3));
        for (int i = 0; i < chunks.size(); i++) {
            ChunkLoudness measured = LoudnessMeter.measure(chunks.get(i).wav()).chunkLoudness();
            assertThat(plan.gainDb(i)).isCloseTo(-30.0 - measured.integratedLufs(), within(1e-9));
        }
    }

    private static short[] pcm(byte[] bytes) {
        short[] samples = new short[bytes.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((bytes[2 * i] & 0xff) | bytes[2 * i + 1] << 8);
        }
        return samples;
    }

    @Test
    void theOutputMeasurement_isTheMeasurementOfTheWrittenFile_toTheLastBit() throws Exception {
        for (StitchSettings settings : List.of(StitchSettings.defaults(), StitchSettings.exact(),
                StitchSettings.defaults().withPauseMillis(0).withLoudness(LoudnessNormalization.defaults()),
                StitchSettings.defaults().withLoudness(LoudnessNormalization.to(-23)).withOutput(48_000, 2))) {
            Path out = dir.resolve("out.wav");
            StitchResult result = new WavStitcher(settings, true).stitch(chunks(), out);

            assertThat(result.loudness()).as("%s", settings).isEqualTo(LoudnessMeter.measure(Files.readAllBytes(out)));
        }
    }

    @Test
    void partedOutput_hasTheFilesBytesAndMeasurement() throws Exception {
        StitchSettings settings = StitchSettings.defaults().withLoudness(LoudnessNormalization.defaults());
        Path out = dir.resolve("file.wav");
        StitchResult toFile = new WavStitcher(settings, true).stitch(chunks(), out);
        for (int partBytes : new int[] {80, 4096, 65_536, 1 << 22}) {
            PartedOutputStitchTest.MemoryOutput parts = new PartedOutputStitchTest.MemoryOutput(partBytes,
                    new ArrayList<>());
            StitchResult toParts = new WavStitcher(settings, true).stitch(chunks(), parts);

            assertThat(parts.wav()).as("parts of %d bytes", partBytes).isEqualTo(Files.readAllBytes(out));
            assertThat(toParts.loudness()).isEqualTo(toFile.loudness());
            assertThat(toParts.normalization().gainsDb()).containsExactly(toFile.normalization().gainsDb());
        }
    }

    @Test
    void loudnessGivenByTheInputs_givesTheSameBytes_andReadsEachChunkOnce() throws Exception {
        StitchSettings settings = StitchSettings.defaults().withLoudness(LoudnessNormalization.to(-20));
        List<Chunk> unknown = chunks();
        byte[] measuredHere = stitch(settings, unknown);
        assertThat(unknown).allSatisfy(chunk -> assertThat(chunk.opens()).hasValue(2));

        List<Chunk> known = chunks().stream().map(Chunk::measured).toList();
        byte[] fromMetadata = stitch(settings, known);
        assertThat(known).allSatisfy(chunk -> assertThat(chunk.opens()).hasValue(1));
        assertThat(fromMetadata).isEqualTo(measuredHere);
    }

    @Test
    void aChunkWithZeroGain_isCopiedAsItIs() throws Exception {
        // The target is chunk b's own loudness: its gain is exactly 0 dB, so its samples are its own.
        Chunk b = chunks().get(1);
        double own = LoudnessMeter.measure(b.wav()).integratedLufs();
        byte[] out = stitch(StitchSettings.exact().withLoudness(LoudnessNormalization.to(own)), List.of(b));
        assertThat(java.util.Arrays.copyOfRange(out, 80, out.length))
                .isEqualTo(java.util.Arrays.copyOfRange(b.wav(), 44, b.wav().length));
    }

    @Test
    void silenceAndNoise_areNeverPumpedUp() throws Exception {
        double[] hiss = new double[24_000 * 2];
        Random random = new Random(7);
        for (int i = 0; i < hiss.length; i++) {
            hiss[i] = 0.0002 * (random.nextDouble() - 0.5); // about -80 LUFS: under the absolute gate
        }
        double[] murmur = new double[24_000 * 2];
        for (int i = 0; i < murmur.length; i++) {
            murmur[i] = 0.002 * StrictMath.sin(2 * StrictMath.PI * 300 * i / 24_000.0); // about -57 LUFS
        }
        Chunk silence = new Chunk("silence", WavWriter.pcm16(24_000, 1, new short[24_000]), -1);
        Chunk noise = new Chunk("noise", WavWriter.encode(WavFormat.pcm16(24_000, 1), hiss, false), -1);
        Chunk quiet = new Chunk("murmur", WavWriter.encode(WavFormat.pcm16(24_000, 1), murmur, false), -1);
        StitchSettings settings = StitchSettings.exact().withLoudness(LoudnessNormalization.defaults());

        StitchResult result = new WavStitcher(settings, true).stitch(List.of(silence, noise, quiet),
                dir.resolve("out.wav"));

        assertThat(result.normalization().gainDb(0)).isZero();
        assertThat(result.normalization().gainDb(1)).isZero();
        assertThat(result.normalization().gainDb(2)).isEqualTo(LoudnessNormalization.DEFAULT_MAX_GAIN_DB);
    }

    @Test
    void aBadChunk_failsTheMeasuringPass_namingIt() {
        Chunk bad = new Chunk("chunks/00001.wav", new byte[] {'R', 'I', 'F', 'F'}, -1);
        StitchSettings settings = StitchSettings.defaults().withLoudness(LoudnessNormalization.defaults());

        assertThatThrownBy(() -> new WavStitcher(settings).stitch(List.of(chunks().getFirst(), bad),
                dir.resolve("out.wav")))
                .isInstanceOf(InvalidWavException.class)
                .hasMessageStartingWith("chunks/00001.wav: header cut short");
        assertThat(dir.resolve("out.wav")).doesNotExist();
    }
}
