package dev.readaloud.local.worker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.local.worker.LatencyModel;
import dev.readaloud.local.worker.LocalWorker;
import dev.readaloud.local.worker.WorkerOptions;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.runpod.RunPodClient;
import dev.readaloud.runpod.RunPodConfig;
import dev.readaloud.runpod.SpeechRequest;
import dev.readaloud.runpod.SpeechResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * HTTP requests per job and added latency (job ended on the worker → client returns) of the
 * RunPod client's waiting strategies against plain fixed-interval polling, on the local worker.
 *
 * <p>Every strategy runs {@code --samples} jobs of {@code --job-ms} (±10 % jitter) side by side,
 * one worker per job, so no job queues. Run (after {@code ./readaloud --help} has built the jars):
 * <pre>
 * mvn -B -q -pl local -am test-compile
 * java -cp "local/target/test-classes:local/target/classes:functions/target/classes:local/target/lib/*" \
 *   dev.readaloud.local.worker.bench.RunPodClientBenchmark --job-ms 30000 --samples 10
 * </pre>
 */
public final class RunPodClientBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TEXT = "The keeper climbed the stairs and lit the lamp for the ships at sea.";

    private record Sample(int requests, double addedMillis) {
    }

    private interface Strategy {
        Sample run(LocalWorker worker, int index) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        long jobMillis = 3_000;
        int samples = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--job-ms" -> jobMillis = Long.parseLong(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --job-ms N --samples N)");
            }
        }
        LatencyModel latency = LatencyModel.parse("base=" + jobMillis + "ms,jitter=0.1");
        System.out.printf("job %d ms ±10%%, %d samples per strategy, %d cores, JDK %s%n", jobMillis, samples,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.printf("%-58s %9s %9s %12s %12s %12s%n", "strategy", "req/job", "req max",
                "added p50 ms", "added p90 ms", "added max ms");

        report("client: run, then status?wait long poll (default config)", samples, latency, true,
                RunPodClientBenchmark::viaClient);
        report("client: run, server ignores status wait (backoff to 15 s)", samples, latency, false,
                RunPodClientBenchmark::viaClient);
        report("baseline: POST /run, GET /status every 1 s", samples, latency, true,
                RunPodClientBenchmark::fixedInterval);
    }

    private static void report(String name, int samples, LatencyModel latency, boolean honourWait, Strategy strategy)
            throws Exception {
        WorkerOptions options = WorkerOptions.defaults().withWorkers(samples).withLatency(latency)
                .withHonourStatusWait(honourWait).withSeed(name.hashCode());
        List<Sample> results = new ArrayList<>();
        try (LocalWorker worker = LocalWorker.start(options);
             ExecutorService pool = Executors.newFixedThreadPool(samples)) {
            strategy.run(worker, -1); // warm up the HTTP client and the worker
            List<Future<Sample>> futures = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                int index = i;
                futures.add(pool.submit(() -> strategy.run(worker, index)));
            }
            for (Future<Sample> future : futures) {
                results.add(future.get());
            }
        }
        double[] added = results.stream().mapToDouble(Sample::addedMillis).sorted().toArray();
        double requests = results.stream().mapToInt(Sample::requests).average().orElse(0);
        int maxRequests = results.stream().mapToInt(Sample::requests).max().orElse(0);
        System.out.printf("%-58s %9.1f %9d %12.1f %12.1f %12.1f%n", name, requests, maxRequests,
                percentile(added, 0.5), percentile(added, 0.9), added[added.length - 1]);
    }

    private static Sample viaClient(LocalWorker worker, int index) {
        RunPodConfig config = RunPodConfig.of(worker.baseUrl(), worker.endpointId(), null);
        RunPodClient client = new RunPodClient(config, HTTP, Clock.systemUTC(), d -> Thread.sleep(d), new Random(index),
                JsonLog.discarding());
        SpeechResult result = client.synthesize(new SpeechRequest(TEXT + " " + index, null), null,
                Instant.now().plusSeconds(900), null);
        long returned = System.nanoTime();
        long ended = worker.finishedNanos(result.jobId()).orElseThrow();
        return new Sample(result.httpRequests(), (returned - ended) / 1e6);
    }

    private static Sample fixedInterval(LocalWorker worker, int index) throws Exception {
        URI endpoint = URI.create(worker.baseUrl() + "/" + worker.endpointId());
        String body = JSON.createObjectNode().set("input", JSON.createObjectNode().put("text", TEXT + " " + index))
                .toString();
        HttpResponse<String> submitted = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/run"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String id = JSON.readTree(submitted.body()).get("id").asText();
        int requests = 1;
        while (true) {
            Thread.sleep(1_000);
            HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/status/" + id))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            requests++;
            JsonNode node = JSON.readTree(status.body());
            if ("COMPLETED".equals(node.path("status").asText())) {
                long returned = System.nanoTime();
                return new Sample(requests, (returned - worker.finishedNanos(id).orElseThrow()) / 1e6);
            }
        }
    }

    private static double percentile(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private RunPodClientBenchmark() {
    }
}
