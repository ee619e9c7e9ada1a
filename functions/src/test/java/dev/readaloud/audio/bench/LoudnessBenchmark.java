package dev.readaloud.audio.bench;

import dev.readaloud.audio.ChunkLoudness;
import dev.readaloud.audio.LoudnessMeter;
import dev.readaloud.audio.LoudnessNormalization;
import dev.readaloud.audio.StitchInput;
import dev.readaloud.audio.StitchResult;
import dev.readaloud.audio.StitchSettings;
import dev.readaloud.audio.WavFormat;
import dev.readaloud.audio.WavStitcher;
import dev.readaloud.audio.WavWriter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Loudness throughput in process, by thread CPU time (steadier than wall time on a shared machine). Not part
 * of the test run. Run from the worktree root:
 *
 * <pre>
 * mvn -B -q -pl functions test-compile
 * java -cp functions/target/classes:functions/target/test-classes dev.readaloud.audio.bench.LoudnessBenchmark [CHUNKS [WAV...]]
 * </pre>
 *
 * <ol>
 *   <li>The meter alone: seconds of audio measured per second of CPU, on speech-like sound (syllables
 *       and pauses, where the true peak's block pruning skips much of the interpolation) and on a steady
 *       tone (where it skips none: the worst case), at 16, 24 and 48 kHz mono and 48 kHz stereo, and on
 *       the WAV files given (real speech), read from memory through the WAV reader.</li>
 *   <li>Stitching CHUNKS chunks of 30 s (24 kHz mono, speech-like, levels 20 dB apart) to a file, as
 *       the Stitch step does (defaults: trim, pauses, fades), with normalization off, off but the output
 *       measured, on with every chunk's loudness given (as from S3 metadata), and on with every chunk
 *       measured in the stitch (chunks stored before the metadata).</li>
 * </ol>
 */
public final class LoudnessBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private LoudnessBenchmark() {
    }

    /** Speech-like: a gliding voiced tone with harmonics, syllables of a third of a second, a pause every 2 s. */
    static float[] speechLike(int rate, int channels, double level, long seed, double seconds) {
        Random random = new Random(seed);
        int frames = (int) (rate * seconds);
        float[] samples = new float[frames * channels];
        double phase = 0;
        for (int i = 0; i < frames; i++) {
            double t = (double) i / rate;
            double envelope = Math.max(0, Math.sin(Math.PI * 3 * t)) * (t % 2.0 < 1.7 ? 1 : 0);
            phase += 2 * Math.PI * (140 + 30 * Math.sin(2 * Math.PI * 0.7 * t)) / rate;
            double value = level * envelope * (0.6 * Math.sin(phase) + 0.3 * Math.sin(3 * phase)
                    + 0.1 * (random.nextDouble() - 0.5));
            for (int c = 0; c < channels; c++) {
                samples[i * channels + c] = (float) value;
            }
        }
        return samples;
    }

    static float[] tone(int rate, int channels, double seconds) {
        int frames = (int) (rate * seconds);
        float[] samples = new float[frames * channels];
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                samples[i * channels + c] = (float) (0.5 * Math.sin(2 * Math.PI * 997 * i / rate));
            }
        }
        return samples;
    }

    private static double cpuSeconds(Runnable work) {
        long start = THREADS.getCurrentThreadCpuTime();
        work.run();
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
    }

    private static void meter(String name, int rate, int channels, float[] samples, double seconds) {
        double cpu = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            cpu = Math.min(cpu, cpuSeconds(() -> {
                LoudnessMeter meter = new LoudnessMeter(rate, channels);
                int frames = samples.length / channels;
                for (int f = 0; f < frames; f += 8192) {
                    meter.add(samples, f, Math.min(8192, frames - f));
                }
                meter.finish();
            }));
        }
        System.out.printf(Locale.ROOT, "meter %-28s %6.0f s of audio in %.3f s CPU: %5.0f x real time%n", name, seconds,
                cpu, seconds / cpu);
    }

    public static void main(String[] args) throws Exception {
        int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        double seconds = 600;
        for (int round = 0; round < 2; round++) {
            System.out.println(round == 0 ? "(warm-up round)" : "(measured round)");
            meter("speech-like 16 kHz mono", 16_000, 1, speechLike(16_000, 1, 0.3, 1, seconds), seconds);
            meter("speech-like 24 kHz mono", 24_000, 1, speechLike(24_000, 1, 0.3, 1, seconds), seconds);
            meter("speech-like 48 kHz mono", 48_000, 1, speechLike(48_000, 1, 0.3, 1, seconds), seconds);
            meter("speech-like 48 kHz stereo", 48_000, 2, speechLike(48_000, 2, 0.3, 1, seconds), seconds);
            meter("steady tone 24 kHz mono", 24_000, 1, tone(24_000, 1, seconds), seconds);
            for (int a = 1; a < args.length; a++) {
                byte[] wav = Files.readAllBytes(Path.of(args[a]));
                double[] audio = new double[1];
                double cpu = Double.MAX_VALUE;
                for (int r = 0; r < 5; r++) {
                    cpu = Math.min(cpu, cpuSeconds(() -> {
                        try {
                            audio[0] = LoudnessMeter.measure(wav).durationMillis() / 1000.0;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                System.out.printf(Locale.ROOT, "meter %-28s %6.0f s of audio in %.3f s CPU: %5.0f x real time%n",
                        Path.of(args[a]).getFileName(), audio[0], cpu, audio[0] / cpu);
            }
        }

        int rate = 24_000;
        List<byte[]> distinct = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            float[] samples = speechLike(rate, 1, 0.05 + 0.045 * i, i, 30);
            double[] doubles = new double[samples.length];
            for (int s = 0; s < samples.length; s++) {
                doubles[s] = samples[s];
            }
            distinct.add(WavWriter.encode(WavFormat.pcm16(rate, 1), doubles, false));
        }
        List<ChunkLoudness> loudness = new ArrayList<>();
        for (byte[] wav : distinct) {
            loudness.add(LoudnessMeter.measure(wav).chunkLoudness());
        }
        List<StitchInput> unknown = new ArrayList<>();
        List<StitchInput> known = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            byte[] wav = distinct.get(i % distinct.size());
            ChunkLoudness measured = loudness.get(i % distinct.size());
            unknown.add(input(wav, null));
            known.add(input(wav, measured));
        }
        Path out = Files.createTempFile("loudness-benchmark", ".wav");
        StitchSettings off = StitchSettings.defaults();
        StitchSettings on = StitchSettings.defaults().withLoudness(LoudnessNormalization.defaults());
        try {
            for (int round = 0; round < 3; round++) {
                System.out.println(round == 0 ? "(warm-up round)" : "(round " + round + ")");
                stitch("off", new WavStitcher(off), unknown, out, chunks);
                stitch("off, output measured", new WavStitcher(off, true), unknown, out, chunks);
                stitch("on, loudness given", new WavStitcher(on, true), known, out, chunks);
                stitch("on, measured in the stitch", new WavStitcher(on, true), unknown, out, chunks);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static StitchInput input(byte[] wav, ChunkLoudness loudness) {
        return new StitchInput() {
            @Override
            public String name() {
                return "chunk";
            }

            @Override
            public ChunkLoudness loudness() {
                return loudness;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(wav);
            }
        };
    }

    private static void stitch(String name, WavStitcher stitcher, List<StitchInput> inputs, Path out, int chunks) {
        StitchResult[] result = new StitchResult[1];
        double cpu = cpuSeconds(() -> {
            try {
                result[0] = stitcher.stitch(inputs, out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        System.out.printf(Locale.ROOT, "stitch %-28s %d chunks, %.0f s of output in %.3f s CPU: %5.0f x real time%n",
                name, chunks, result[0].durationMillis() / 1000.0, cpu, result[0].durationMillis() / 1000.0 / cpu);
    }
}
