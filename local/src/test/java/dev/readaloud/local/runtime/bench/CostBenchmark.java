package dev.readaloud.local.runtime.bench;

import dev.readaloud.local.runtime.LocalRender;
import dev.readaloud.local.runtime.LocalRuntime;
import dev.readaloud.local.runtime.LocalRuntimeOptions;
import dev.readaloud.local.worker.LatencyModel;
import dev.readaloud.local.worker.WorkerOptions;
import dev.readaloud.render.CostReport;
import dev.readaloud.render.RenderResult;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a render costs per hour of audio, from the cost report the functions compute (the same figures
 * result.json carries), in both wait modes at concurrency 1, 3 and 10, in the same run: one reading, the
 * local runtime, the synthetic voice, jobs of a few seconds from the worker's latency model, every chunk new
 * (no shared chunk store), template.yaml's memory sizes and the default list prices.
 * <pre>
 * ./readaloud --help &gt;/dev/null &amp;&amp; source .ci/java-env &amp;&amp; mvn -B -q -pl local -am test-compile
 * java -cp "local/target/test-classes:local/target/classes:functions/target/classes:local/target/lib/*" \
 *   dev.readaloud.local.runtime.bench.CostBenchmark [CHARS] [LATENCY]
 * </pre>
 */
public final class CostBenchmark {

    private static final PrintStream OUT = System.out;
    private static final int[] CONCURRENCIES = {1, 3, 10};
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private CostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int chars = args.length > 0 ? Integer.parseInt(args[0]) : 8_000;
        String latency = args.length > 1 ? args[1] : "base=2000ms,per-char=4ms,jitter=0.1";
        String reading = RenderMakespanBenchmark.ReadingGenerator.text(2026, chars);
        OUT.printf(Locale.ROOT, "reading: %,d characters; latency %s; load %.1f%n%n", reading.length(), latency,
                RenderMakespanBenchmark.loadAverage());
        OUT.println("| wait mode | C | chunks | audio min | wall s | RunPod s | Lambda GB-s | Lambda invocations "
                + "| state transitions | S3 requests | USD | USD per audio hour | of it Lambda | Lambda GB-s per audio hour |");
        OUT.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Map<String, Double> gbSeconds = new LinkedHashMap<>();
        for (String mode : new String[] {"poll", "callback"}) {
            for (int concurrency : CONCURRENCIES) {
                Path data = Files.createTempDirectory("readaloud-cost-");
                long started = System.nanoTime();
                RenderResult result = QuietRender.logTo(data, () -> {
                    try (LocalRuntime runtime = start(data, mode, latency)) {
                        return LocalRender.render(runtime, new LocalRender.Request(reading, "synthetic", concurrency,
                                0, 0, -1, false, null), data.resolve("out.wav"), t -> { }).result();
                    }
                });
                double wallSeconds = (System.nanoTime() - started) / 1e9;
                CostReport cost = result.cost();
                double audioHours = result.durationMillis() / MILLIS_PER_HOUR;
                gbSeconds.put(mode + concurrency, cost.lambdaGbSeconds());
                OUT.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %d | %.2f | %d | %d | %d | %s | %.4f | %.4f | %.1f |%n",
                        mode, concurrency, result.chunkCount(), result.durationMillis() / 60_000.0, wallSeconds,
                        cost.runpodSeconds(), cost.lambdaGbSeconds(), cost.lambdaInvocations(),
                        cost.stateTransitions(), cost.s3Requests(), cost.usd().total().toPlainString(),
                        perHour(cost.usd().total(), audioHours), perHour(cost.usd().lambda(), audioHours),
                        cost.lambdaGbSeconds() / audioHours);
            }
        }
        OUT.println();
        for (int concurrency : CONCURRENCIES) {
            OUT.printf(Locale.ROOT, "C=%d: Lambda GB-s callback / poll = %.3f%n", concurrency,
                    gbSeconds.get("callback" + concurrency) / gbSeconds.get("poll" + concurrency));
        }
    }

    private static double perHour(BigDecimal usd, double audioHours) {
        return usd.doubleValue() / audioHours;
    }

    private static LocalRuntime start(Path data, String waitMode, String latency) throws Exception {
        WorkerOptions worker = WorkerOptions.defaults().withVoice("synthetic").withWorkers(10)
                .withLatency(LatencyModel.parse(latency));
        Map<String, String> env = new HashMap<>();
        env.put("MAX_CONCURRENCY", "10");
        env.put("VOICE", "synthetic");
        env.put("RUNPOD_WAIT_MODE", waitMode);
        Path definition = Path.of("statemachine", "render.asl.json");
        return LocalRuntime.start(new LocalRuntimeOptions(data, definition, worker, null, env, 1, 0,
                Duration.ofMinutes(2)));
    }
}
