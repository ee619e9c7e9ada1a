package dev.readaloud.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavStitcherTest {

    private static final int RATE = 24_000;

    @TempDir
    Path dir;

    record Chunk(String name, byte[] wav, int pauseAfterMillis) implements StitchInput {
        Chunk(String name, byte[] wav) {
            this(name, wav, -1);
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(wav);
        }
    }

    private static byte[] mono(double[] samples) {
        return WavWriter.pcm16(RATE, 1, Signals.toPcm16(samples));
    }

    /** The 16-bit samples of a stitched file, checked against its header. */
    private static short[] samplesOf(Path file) throws IOException {
        byte[] wav = Files.readAllBytes(file);
        WavInfo info = WavReader.inspect(wav);
        float[] samples = WavReaderTest.readAll(wav);
        assertThat((long) samples.length).isEqualTo(info.frames() * info.channels());
        short[] pcm = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            pcm[i] = (short) Math.round(samples[i] * 32768f);
        }
        return pcm;
    }

    private StitchResult stitch(StitchSettings settings, Path out, Chunk... chunks) throws IOException {
        return new WavStitcher(settings).stitch(List.of(chunks), out);
    }

    @Test
    void exact_outputIsTheInputSamplesInOrder() throws IOException {
        short[] a = Signals.toPcm16(Signals.sine(440, RATE, 1000, 0.5));
        short[] b = Signals.toPcm16(Signals.sine(523, RATE, 777, 0.3));
        short[] c = {1, -1, 32767, -32768};
        Path out = dir.resolve("out.wav");

        StitchResult result = stitch(StitchSettings.exact(), out, new Chunk("a", WavWriter.pcm16(RATE, 1, a)),
                new Chunk("b", WavWriter.pcm16(RATE, 1, b)), new Chunk("c", WavWriter.pcm16(RATE, 1, c)));

        short[] expected = new short[a.length + b.length + c.length];
        System.arraycopy(a, 0, expected, 0, a.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        System.arraycopy(c, 0, expected, a.length + b.length, c.length);
        assertThat(samplesOf(out)).isEqualTo(expected);
        assertThat(result).isEqualTo(new StitchResult(RATE, 1, expected.length, Files.size(out)));
        assertThat(Files.size(out)).isEqualTo(WavHeader.BYTES + 2L * expected.length);
        assertThat(new String(Files.readAllBytes(out), 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("RIFF");
    }

    @Test
    void exact_convertsEveryFormatToTheFirstChunksRateAndChannelsAsSixteenBit() throws IOException {
        double[] left = Signals.sine(440, RATE, 480, 0.5);
        double[] right = Signals.sine(440, RATE, 480, 0.25);
        double[] stereo = Signals.interleave(left, right);
        List<Chunk> chunks = new ArrayList<>();
        chunks.add(new Chunk("pcm16", WavWriter.encode(WavFormat.pcm16(RATE, 2), stereo, false)));
        chunks.add(new Chunk("pcm8-mono", WavWriter.encode(new WavFormat(RATE, 1, 8, false), left, false)));
        chunks.add(new Chunk("pcm24", WavWriter.encode(new WavFormat(RATE, 2, 24, false), stereo, true)));
        chunks.add(new Chunk("pcm32", WavWriter.encode(new WavFormat(RATE, 2, 32, false), stereo, false)));
        chunks.add(new Chunk("float32", WavWriter.encode(new WavFormat(RATE, 2, 32, true), stereo, true)));
        chunks.add(new Chunk("float64", WavWriter.encode(new WavFormat(RATE, 2, 64, true), stereo, false)));
        Path out = dir.resolve("out.wav");

        StitchResult result = new WavStitcher(StitchSettings.exact()).stitch(chunks, out);

        assertThat(result.channels()).isEqualTo(2);
        assertThat(result.frames()).isEqualTo(6 * 480);
        short[] samples = samplesOf(out);
        for (int chunk = 0; chunk < 6; chunk++) {
            for (int f = 0; f < 480; f++) {
                int frame = chunk * 480 + f;
                double expectedRight = chunk == 1 ? left[f] : right[f]; // mono is copied to both channels
                double tolerance = chunk == 1 ? 1.0 / 128 : 1.0 / 32768;
                assertThat(samples[2 * frame] / 32768.0).isCloseTo(left[f], within(tolerance + 1e-9));
                assertThat(samples[2 * frame + 1] / 32768.0).isCloseTo(expectedRight, within(tolerance + 1e-9));
            }
        }
    }

    @Test
    void convertsStereoToMonoAndClipsFloatsBeyondFullScale() throws IOException {
        double[] stereo = {0.5, 0.25, 2.0, 2.0, -3.0, -1.5, Double.NaN, 0.0};
        Path out = dir.resolve("out.wav");

        stitch(StitchSettings.exact().withOutput(0, 1), out,
                new Chunk("loud", WavWriter.encode(new WavFormat(RATE, 2, 32, true), stereo, false)));

        assertThat(samplesOf(out)).containsExactly((short) 12288, (short) 32767, (short) -32768, (short) 0);
    }

    @Test
    void resamplesChunksOfOtherRatesKeepingPitchAndDuration() throws IOException {
        byte[] first = mono(Signals.sine(440, RATE, RATE / 2, 0.5));
        byte[] at22k = WavWriter.pcm16(22_050, 1, Signals.toPcm16(Signals.sine(440, 22_050, 22_050, 0.5)));
        byte[] at16kStereo = WavWriter.encode(WavFormat.pcm16(16_000, 2),
                Signals.interleave(Signals.sine(440, 16_000, 16_000, 0.5), Signals.sine(440, 16_000, 16_000, 0.5)),
                false);
        Path out = dir.resolve("out.wav");

        StitchResult result = stitch(StitchSettings.exact(), out, new Chunk("24k", first), new Chunk("22k", at22k),
                new Chunk("16k", at16kStereo));

        assertThat(result.sampleRateHz()).isEqualTo(RATE);
        assertThat(result.channels()).isEqualTo(1);
        assertThat(result.frames()).isEqualTo(RATE / 2 + RATE + RATE);
        assertThat(result.durationMillis()).isEqualTo(2500);
        short[] samples = samplesOf(out);
        int secondStart = RATE / 2;
        assertThat(Signals.zeroCrossingHz(samples, secondStart + 1200, secondStart + RATE - 1200, RATE))
                .isCloseTo(440, within(0.5));
        int thirdStart = secondStart + RATE;
        assertThat(Signals.zeroCrossingHz(samples, thirdStart + 1200, thirdStart + RATE - 1200, RATE))
                .isCloseTo(440, within(0.5));
        assertThat(Signals.rms(samples, thirdStart + 1200, thirdStart + RATE - 1200))
                .isCloseTo(0.5 / Math.sqrt(2), within(0.005));
    }

    @Test
    void outputRateAndChannelsCanBeChosen() throws IOException {
        Path out = dir.resolve("out.wav");
        StitchResult result = stitch(StitchSettings.exact().withOutput(48_000, 2), out,
                new Chunk("a", mono(Signals.sine(440, RATE, RATE, 0.5))));

        assertThat(result).extracting(StitchResult::sampleRateHz, StitchResult::channels, StitchResult::frames)
                .containsExactly(48_000, 2, 48_000L);
        short[] samples = samplesOf(out);
        short[] left = new short[48_000];
        for (int f = 0; f < left.length; f++) {
            left[f] = samples[2 * f];
            assertThat(samples[2 * f + 1]).isEqualTo(samples[2 * f]);
        }
        assertThat(Signals.zeroCrossingHz(left, 4800, 43_200, 48_000)).isCloseTo(440, within(0.5));
    }

    @Test
    void trimsLeadingAndTrailingSilenceKeepingTheMarginAndInsertsThePause() throws IOException {
        int margin = RATE * 50 / 1000;
        double[] speech = Signals.sine(440, RATE, RATE / 2, 0.5);
        byte[] chunk = mono(Signals.concat(Signals.silence(RATE), speech, Signals.silence(RATE * 2)));
        StitchSettings settings = new StitchSettings(300, 0, true, -50, 50, 0, 0);
        Path out = dir.resolve("out.wav");

        StitchResult result = stitch(settings, out, new Chunk("a", chunk), new Chunk("b", chunk));

        int pause = RATE * 300 / 1000;
        int trimmed = margin + speech.length + margin - 1; // sin(0) = 0 is silent, so the sound starts at frame 1
        assertThat(result.frames()).isEqualTo(2L * trimmed + pause);
        short[] samples = samplesOf(out);
        assertThat(Signals.rms(samples, margin + 1, margin + speech.length)).isCloseTo(0.5 / Math.sqrt(2), within(0.01));
        assertThat(Signals.rms(samples, trimmed, trimmed + pause)).isZero();
    }

    @Test
    void trimmedChunksWithoutAPauseOverlapByTheCrossfade() throws IOException {
        // Loud from the first frame (a peak) to the last (the opposite peak): joined plainly, every seam jumps.
        double[] speech = new double[RATE / 2 + 40];
        for (int i = 0; i < speech.length; i++) {
            speech[i] = 0.5 * Math.cos(2 * Math.PI * 300 * i / RATE);
        }
        byte[] chunk = mono(Signals.concat(Signals.silence(RATE / 2), speech, Signals.silence(RATE / 3)));
        int ownStep = Signals.maxStep(Signals.toPcm16(speech), 0, speech.length);
        Path plain = dir.resolve("plain.wav");
        Path faded = dir.resolve("faded.wav");

        StitchResult plainResult = stitch(new StitchSettings(0, 0, true, -50, 0, 0, 0), plain,
                new Chunk("a", chunk), new Chunk("b", chunk), new Chunk("c", chunk));
        StitchResult fadedResult = stitch(new StitchSettings(0, 10, true, -50, 0, 0, 0), faded,
                new Chunk("a", chunk), new Chunk("b", chunk), new Chunk("c", chunk));

        assertThat(plainResult.frames()).isEqualTo(3L * speech.length);
        assertThat(fadedResult.frames()).isEqualTo(3L * speech.length - 2L * (RATE / 100));
        short[] plainSamples = samplesOf(plain);
        short[] fadedSamples = samplesOf(faded);
        assertThat(Signals.maxStep(plainSamples, 0, plainSamples.length)).isGreaterThan(10 * ownStep);
        assertThat(Signals.maxStep(fadedSamples, 0, fadedSamples.length)).isLessThanOrEqualTo(ownStep * 3 / 2);
    }

    @Test
    void aPausePlannedForOneSeamReplacesTheDefault() throws IOException {
        byte[] tone = mono(Signals.sine(440, RATE, 2400, 0.5));
        Path out = dir.resolve("out.wav");

        StitchResult result = stitch(StitchSettings.exact().withPauseMillis(100), out, new Chunk("a", tone, 1000),
                new Chunk("b", tone), new Chunk("c", tone, 0), new Chunk("d", tone, 5000));

        // 1000 ms after a, the default 100 ms after b, none after c, none after the last chunk.
        assertThat(result.frames()).isEqualTo(4 * 2400 + RATE + RATE / 10);
    }

    @Test
    void aChunkThatIsAllSilenceTrimsToNothing() throws IOException {
        Path out = dir.resolve("out.wav");
        StitchResult result = stitch(StitchSettings.defaults().withPauseMillis(0).withCrossfadeMillis(0), out,
                new Chunk("quiet", mono(Signals.silence(RATE))));
        assertThat(result.frames()).isZero();
        assertThat(WavReader.inspect(Files.readAllBytes(out)).frames()).isZero();
    }

    @Test
    void crossfadeLeavesNoClickAtASeamWhereThePlainJoinJumps() throws IOException {
        // a ends at a peak, b starts at the opposite peak: joined plainly the step is ~1.0 full scale.
        double[] a = Signals.sine(440, RATE, RATE / 4 + (int) (RATE / 440.0 / 4), 0.5);
        double[] b = Signals.sine(440, RATE, RATE / 4, 0.5);
        for (int i = 0; i < b.length; i++) {
            b[i] = -0.5 * Math.cos(2 * Math.PI * 440 * i / RATE);
        }
        int ownStep = Signals.maxStep(Signals.toPcm16(a), 0, a.length);
        Path plain = dir.resolve("plain.wav");
        Path faded = dir.resolve("faded.wav");

        stitch(StitchSettings.exact(), plain, new Chunk("a", mono(a)), new Chunk("b", mono(b)));
        StitchResult result = stitch(StitchSettings.exact().withCrossfadeMillis(10), faded, new Chunk("a", mono(a)),
                new Chunk("b", mono(b)));

        short[] plainSamples = samplesOf(plain);
        short[] fadedSamples = samplesOf(faded);
        assertThat(Signals.maxStep(plainSamples, 0, plainSamples.length)).isGreaterThan(10 * ownStep);
        assertThat(Signals.maxStep(fadedSamples, 0, fadedSamples.length)).isLessThanOrEqualTo(ownStep * 3 / 2);
        assertThat(result.frames()).isEqualTo(a.length + b.length - RATE / 100); // the overlap
    }

    @Test
    void pauseSeamsFadeOutAndInWithoutClicks() throws IOException {
        double[] a = Signals.sine(440, RATE, RATE / 4 + 14, 0.5); // ends mid-wave
        double[] b = new double[RATE / 4];
        for (int i = 0; i < b.length; i++) {
            b[i] = 0.5 * Math.cos(2 * Math.PI * 440 * i / RATE); // starts at a peak
        }
        int ownStep = Signals.maxStep(Signals.toPcm16(a), 0, a.length);
        Path out = dir.resolve("out.wav");

        StitchResult result = stitch(StitchSettings.exact().withPauseMillis(200).withCrossfadeMillis(10), out,
                new Chunk("a", mono(a)), new Chunk("b", mono(b)));

        short[] samples = samplesOf(out);
        assertThat(result.frames()).isEqualTo(a.length + b.length + RATE / 5);
        assertThat(Signals.maxStep(samples, 0, samples.length)).isLessThanOrEqualTo(ownStep + 2);
        assertThat(samples[a.length - 1]).isBetween((short) -200, (short) 200);
        assertThat(Signals.rms(samples, a.length, a.length + RATE / 5)).isZero();
    }

    @Test
    void defaultsGiveSmoothSeamsBetweenTrimmedChunks() throws IOException {
        double[] chunk = Signals.concat(Signals.silence(RATE / 5), Signals.sine(220, RATE, RATE / 2, 0.8),
                Signals.silence(RATE / 3));
        int ownStep = Signals.maxStep(Signals.toPcm16(chunk), 0, chunk.length);
        Path out = dir.resolve("out.wav");

        stitch(StitchSettings.defaults(), out, new Chunk("a", mono(chunk)), new Chunk("b", mono(chunk)),
                new Chunk("c", mono(chunk)));

        short[] samples = samplesOf(out);
        assertThat(Signals.maxStep(samples, 0, samples.length)).isLessThanOrEqualTo(ownStep + 2);
    }

    @Test
    void sameInputsAndSettingsGiveTheSameBytes() throws IOException {
        byte[] a = WavWriter.pcm16(22_050, 2, Signals.toPcm16(Signals.interleave(
                Signals.sine(300, 22_050, 22_050, 0.6), Signals.sine(700, 22_050, 22_050, 0.2))));
        byte[] b = mono(Signals.concat(Signals.silence(3000), Signals.sine(500, RATE, 9000, 0.4), Signals.silence(5000)));
        Path first = dir.resolve("first.wav");
        Path second = dir.resolve("second.wav");
        StitchSettings settings = StitchSettings.defaults().withOutput(RATE, 1);

        stitch(settings, first, new Chunk("a", a), new Chunk("b", b), new Chunk("a", a));
        stitch(settings, second, new Chunk("a", a), new Chunk("b", b), new Chunk("a", a));

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    }

    @Test
    void chunksAlreadyInTheOutputFormatGiveTheSameBytesAsChunksThatNeedDecoding() throws IOException {
        double[] chunk = Signals.concat(Signals.silence(RATE / 3), Signals.sine(300, RATE, RATE * 2, 0.6),
                Signals.silence(RATE / 7), Signals.sine(900, RATE, RATE, 0.3), Signals.silence(RATE / 2));
        short[] pcm = Signals.toPcm16(chunk);
        double[] exactly = new double[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            exactly[i] = pcm[i] / 32768.0;
        }
        byte[] as16 = WavWriter.pcm16(RATE, 1, pcm);
        byte[] as24 = WavWriter.encode(new WavFormat(RATE, 1, 24, false), exactly, false);
        for (StitchSettings settings : List.of(StitchSettings.defaults(), StitchSettings.exact(),
                StitchSettings.defaults().withPauseMillis(0))) {
            Path copied = dir.resolve("copied.wav");
            Path decoded = dir.resolve("decoded.wav");

            stitch(settings, copied, new Chunk("a", as16), new Chunk("b", as16), new Chunk("c", as16));
            stitch(settings, decoded, new Chunk("a", as24), new Chunk("b", as24), new Chunk("c", as24));

            assertThat(Files.readAllBytes(copied)).as(settings.toString()).isEqualTo(Files.readAllBytes(decoded));
        }
    }

    @Test
    void writesRf64WhenTheRiffSizeWouldOverflow() throws IOException {
        short[] tone = Signals.toPcm16(Signals.sine(440, RATE, 2000, 0.5));
        Path out = dir.resolve("big.wav");

        StitchResult result = new WavStitcher(StitchSettings.exact(), 1000)
                .stitch(List.of(new Chunk("a", WavWriter.pcm16(RATE, 1, tone))), out);

        byte[] wav = Files.readAllBytes(out);
        assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RF64");
        assertThat(new String(wav, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ds64");
        assertThat(WavReader.inspect(wav).frames()).isEqualTo(2000);
        assertThat(samplesOf(out)).isEqualTo(tone);
        assertThat(result.bytes()).isEqualTo(wav.length);
    }

    @Test
    void aBadChunkFailsNamingItAndLeavesNoFile() throws IOException {
        byte[] good = mono(Signals.sine(440, RATE, 2400, 0.5));
        byte[] mp3 = Signals.Riff.wave().fmt(0x55, 1, RATE, 0).data(4, new byte[4]).build();
        Path out = dir.resolve("out.wav");

        assertThatThrownBy(() -> stitch(StitchSettings.defaults(), out, new Chunk("chunks/00000.wav", good),
                new Chunk("chunks/00001.wav", mp3)))
                .isInstanceOf(InvalidWavException.class)
                .hasMessageStartingWith("chunks/00001.wav: fmt format code 0x0055 (MPEG Layer 3)");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aChunkThatCannotBeOpenedFailsNamingIt() throws IOException {
        StitchInput missing = new StitchInput() {
            @Override
            public String name() {
                return "chunks/00007.wav";
            }

            @Override
            public InputStream open() throws IOException {
                throw new java.nio.file.NoSuchFileException("chunks/00007.wav");
            }
        };
        Path out = dir.resolve("out.wav");

        assertThatThrownBy(() -> new WavStitcher(StitchSettings.defaults()).stitch(List.of(missing), out))
                .isInstanceOf(IOException.class).hasMessageStartingWith("chunks/00007.wav: cannot open");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void opensEachChunkOnlyWhenItsTurnComes() throws IOException {
        List<String> opened = new ArrayList<>();
        byte[] tone = mono(Signals.sine(440, RATE, 240, 0.5));
        List<StitchInput> inputs = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            inputs.add(new StitchInput() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public InputStream open() {
                    opened.add(name);
                    return new ByteArrayInputStream(tone) {
                        @Override
                        public void close() {
                            opened.add("closed " + name);
                        }
                    };
                }
            });
        }

        new WavStitcher(StitchSettings.exact()).stitch(inputs, dir.resolve("out.wav"));

        assertThat(opened).containsExactly("a", "closed a", "b", "closed b", "c", "closed c");
    }

    @Test
    void rejectsImpossibleSettingsByName() {
        assertThatThrownBy(() -> new StitchSettings(-1, 0, false, -50, 0, 0, 0))
                .hasMessage("pauseMillis is -1, must be 0 to 600000");
        assertThatThrownBy(() -> StitchSettings.defaults().withOutput(0, 3))
                .hasMessage("channels is 3, must be 0 (the first chunk's), 1 or 2");
        assertThatThrownBy(() -> StitchSettings.defaults().withOutput(500, 0))
                .hasMessageContaining("sampleRateHz is 500");
        assertThatThrownBy(() -> new StitchSettings(0, 0, true, 3, 0, 0, 0))
                .hasMessageContaining("trimThresholdDbfs is 3.0");
        assertThatThrownBy(() -> new WavStitcher(StitchSettings.defaults()).stitch(List.of(), dir.resolve("x.wav")))
                .hasMessage("no inputs to stitch");
    }

    @Test
    void replacesAnExistingOutputOnlyOnSuccess() throws IOException {
        Path out = dir.resolve("out.wav");
        Files.write(out, new byte[] {1, 2, 3});
        byte[] bad = Arrays.copyOf(mono(Signals.sine(440, RATE, 100, 0.5)), 20);

        assertThatThrownBy(() -> stitch(StitchSettings.exact(), out, new Chunk("bad", bad)))
                .hasMessageStartingWith("bad: header cut short");
        assertThat(Files.readAllBytes(out)).containsExactly(1, 2, 3);

        stitch(StitchSettings.exact(), out, new Chunk("good", mono(Signals.sine(440, RATE, 100, 0.5))));
        assertThat(WavReader.inspect(Files.readAllBytes(out)).frames()).isEqualTo(100);
    }
}
