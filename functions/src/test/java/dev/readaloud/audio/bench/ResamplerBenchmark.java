package dev.readaloud.audio.bench;

import dev.readaloud.audio.StitchInput;
import dev.readaloud.audio.StitchResult;
import dev.readaloud.audio.StitchSettings;
import dev.readaloud.audio.WavStitcher;
import dev.readaloud.audio.WavWriter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * In-process stitching throughput, by thread CPU time (steadier than wall time on a shared
 * machine): N chunks of 30 s at 24 kHz mono, copied as they are and resampled to 22.05 kHz.
 * Not part of the test run. Run from the worktree root:
 *
 * <pre>
 * mvn -B -q -pl functions test-compile
 * java -cp functions/target/classes:functions/target/test-classes dev.readaloud.audio.bench.ResamplerBenchmark [CHUNKS]
 * </pre>
 */
public final class ResamplerBenchmark {

    private ResamplerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rate = 24_000;
        short[] samples = new short[30 * rate];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(12_000 * Math.sin(2 * Math.PI * 220 * i / rate));
        }
        byte[] wav = WavWriter.pcm16(rate, 1, samples);
        StitchInput input = new StitchInput() {
            @Override
            public String name() {
                return "chunk";
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(wav);
            }
        };
        List<StitchInput> inputs = Collections.nCopies(chunks, input);
        Path out = Files.createTempFile("resampler-benchmark", ".wav");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try {
            for (int round = 0; round < 3; round++) {
                for (int outRate : new int[] {rate, 22_050}) {
                    long start = threads.getCurrentThreadCpuTime();
                    StitchResult result = new WavStitcher(StitchSettings.exact().withOutput(outRate, 1)).stitch(inputs, out);
                    double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
                    System.out.printf("round %d, to %5d Hz: %d frames in %.3f s CPU, %.1f M input frames/s%n", round,
                            outRate, result.frames(), seconds, (double) chunks * samples.length / seconds / 1e6);
                }
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
