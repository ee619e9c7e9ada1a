package dev.readaloud.local.cli;

import dev.readaloud.local.runtime.LocalRuntime;
import dev.readaloud.local.runtime.LocalRuntimeOptions;
import dev.readaloud.local.worker.FaultPlan;
import dev.readaloud.local.worker.LatencyModel;
import dev.readaloud.local.worker.WorkerOptions;
import dev.readaloud.render.RunPodWaitMode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options `render` and `serve` share: where renders are kept and which RunPod endpoint speaks. */
final class RuntimeMixin {

    @Option(names = "--voice", paramLabel = "V", defaultValue = "freetts",
            description = "freetts (real speech), synthetic (fast, deterministic), or a voice of your endpoint (default: ${DEFAULT-VALUE}).")
    String voice;

    @Option(names = "--worker-latency", paramLabel = "SPEC",
            description = "Local worker latency, e.g. base=200ms,per-char=2ms,jitter=0.")
    String workerLatency;

    @Option(names = "--worker-faults", paramLabel = "SPEC",
            description = "Local worker faults, e.g. rate-limit=0.3,job-failure=0.2,stall=0.1 (also bad-audio=P, oversize=P, "
                    + "webhook-loss=P: a job's webhook never arrives, in callback mode).")
    String workerFaults;

    @Option(names = "--workers", paramLabel = "N", description = "Local worker's max workers (default: the concurrency).")
    Integer workers;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "A real RunPod endpoint (https://api.runpod.ai/v2/ID); the key comes from RUNPOD_API_KEY.")
    String endpoint;

    @Option(names = "--wait-mode", paramLabel = "poll|callback", defaultValue = "poll",
            description = "How chunks wait for their RunPod jobs: poll (the chunk function waits) or callback (the "
                    + "function submits the job with a webhook and returns; the webhook stores the audio). "
                    + "Same audio either way (default: ${DEFAULT-VALUE}).")
    String waitMode;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".readaloud",
            description = "Where the embedded S3 keeps renders (default: ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(names = "--retry-time-scale", paramLabel = "F", defaultValue = "1", hidden = true,
            description = "Multiplies the state machine's Retry and Wait delays (tests: 0).")
    double retryTimeScale;

    /** The --wait-mode given. */
    RunPodWaitMode waitMode() {
        try {
            return RunPodWaitMode.parse(waitMode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--wait-mode " + e.getMessage());
        }
    }

    /**
     * The runtime for renders of at most {@code maxConcurrency} chunks at once; the local worker
     * gets that many workers unless --workers says otherwise.
     */
    LocalRuntimeOptions options(int maxConcurrency) {
        String workerVoice = "synthetic".equals(voice) ? "synthetic" : "freetts";
        WorkerOptions worker = WorkerOptions.defaults()
                .withVoice(workerVoice)
                .withWorkers(workers != null ? workers : maxConcurrency);
        if (workerLatency != null) {
            worker = worker.withLatency(LatencyModel.parse(workerLatency));
        }
        if (workerFaults != null) {
            worker = worker.withFaults(FaultPlan.parse(workerFaults));
        }
        LocalRuntime.Endpoint realEndpoint = null;
        if (endpoint != null) {
            String key = System.getenv("RUNPOD_API_KEY");
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("--endpoint needs the RUNPOD_API_KEY environment variable");
            }
            realEndpoint = LocalRuntime.Endpoint.parse(endpoint, key);
        }
        Map<String, String> env = new HashMap<>();
        env.put("MAX_CONCURRENCY", Integer.toString(maxConcurrency));
        env.put("MAX_TEXT_CHARS", "10000000");
        // The deployment's default voice must be one it speaks; the requested voice travels in the
        // request, so an unknown one is refused by POST /renders (400) before any job is submitted.
        env.put("VOICE", realEndpoint != null ? voice : workerVoice);
        env.put("RUNPOD_WAIT_MODE", waitMode().wireName());
        return new LocalRuntimeOptions(dataDirectory, Home.path("statemachine/render.asl.json"), Home.path("template.yaml"),
                worker, realEndpoint, env, retryTimeScale, 0, Map.of());
    }
}
