package dev.readaloud.local.cli;

import dev.readaloud.local.worker.FaultPlan;
import dev.readaloud.local.worker.LatencyModel;
import dev.readaloud.local.worker.LocalWorker;
import dev.readaloud.local.worker.WorkerOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code readaloud worker}: a RunPod-compatible TTS endpoint on localhost until interrupted. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Serve a RunPod-compatible TTS endpoint on 127.0.0.1 until interrupted.",
                "Prints its base URL (use it as the RunPod base URL) on stdout."})
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--port", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int port;

    @Option(names = "--voice", description = "Voice for jobs that name none: freetts or synthetic (default: ${DEFAULT-VALUE}).",
            defaultValue = "freetts")
    String voice;

    @Option(names = "--api-key", description = "Require 'Authorization: Bearer KEY' (default: the RUNPOD_API_KEY "
            + "environment variable, else no key).")
    String apiKey;

    @Option(names = "--endpoint-id", description = "Endpoint id in /v2/{id}/... (default: ${DEFAULT-VALUE}).",
            defaultValue = "local")
    String endpointId;

    @Option(names = "--workers", description = "Jobs run at once, like RunPod's max workers (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int workers;

    @Option(names = "--latency", description = "Latency SPEC, e.g. base=200ms,per-char=2ms,jitter=0.1,cold-start=5s "
            + "(jitter: a fraction, or a duration such as 50ms).", defaultValue = "")
    String latency;

    @Option(names = "--faults", description = "Faults SPEC, e.g. rate-limit=0.3,job-failure=0.2,stall=0.1; also bad-audio=P,"
            + " oversize=P, webhook-loss=P (a job's webhook is never delivered) and retry-after=1s"
            + " (rate-limit per request, the rest per job).", defaultValue = "")
    String faults;

    @Option(names = "--seed", description = "Seed of the fault and jitter draws (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    long seed;

    @Override
    public Integer call() throws Exception {
        String key = apiKey != null ? apiKey : System.getenv("RUNPOD_API_KEY");
        WorkerOptions options = WorkerOptions.defaults()
                .withPort(port)
                .withVoice(voice)
                .withApiKey(key)
                .withEndpointId(endpointId)
                .withWorkers(workers)
                .withLatency(LatencyModel.parse(latency))
                .withFaults(FaultPlan.parse(faults))
                .withSeed(seed);
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalWorker worker = LocalWorker.start(options)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                worker.close();
                stopped.countDown();
            }));
            System.out.println(worker.baseUrl());
            System.out.flush();
            System.err.println("readaloud worker: endpoint " + worker.baseUrl() + "/" + worker.endpointId() + ", voice "
                    + voice + ", " + workers + " workers" + (key == null ? "" : ", API key required")
                    + "; Ctrl-C to stop");
            stopped.await();
        }
        return 0;
    }
}
