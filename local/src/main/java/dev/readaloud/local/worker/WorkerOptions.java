package dev.readaloud.local.worker;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LocalWorker} behaves. Start from {@link #defaults()} and change what a test needs.
 *
 * @param port                    TCP port on 127.0.0.1; 0 picks a free one (read it back from the worker)
 * @param endpointId              the endpoint id in {@code /v2/{endpointId}/...}
 * @param apiKey                  required as {@code Authorization: Bearer <key>} when not null (401 otherwise)
 * @param voice                   the voice used when a job names none: {@code freetts} or {@code synthetic}
 * @param workers                 jobs run at once (RunPod's max workers); later jobs wait IN_QUEUE
 * @param latency                 how long a job takes
 * @param faults                  which failures to inject
 * @param seed                    seed of every random draw (faults, jitter)
 * @param runRetention            how long a /run job's result stays readable (RunPod: 30 minutes)
 * @param syncRetention           how long a /runsync job's result stays readable (RunPod: 1 minute)
 * @param defaultExecutionTimeout a job's executionTimeout when its policy names none (RunPod: 10 minutes);
 *                                unlike RunPod (at least 5 s) any positive policy value is accepted, so tests stay fast
 * @param defaultTtl              a job's ttl when its policy names none (RunPod: 24 hours)
 * @param outputShape             how a completed job's output carries the audio
 * @param honourStatusWait        whether {@code GET /status/{id}?wait=ms} is held until the job ends or the wait
 *                                passes; false answers at once, to measure a client against a server without it
 * @param maxRequestsPerSecond    429 beyond this many requests in one second; 0 for no limit
 * @param webhooks                how a job's {@code webhook} is delivered: attempts, the delay between them
 *                                (RunPod: 3, 10 s apart), each attempt's timeout
 */
public record WorkerOptions(int port, String endpointId, String apiKey, String voice, int workers,
                            LatencyModel latency, FaultPlan faults, long seed, Duration runRetention,
                            Duration syncRetention, Duration defaultExecutionTimeout, Duration defaultTtl,
                            OutputShape outputShape, boolean honourStatusWait, int maxRequestsPerSecond,
                            WebhookPolicy webhooks) {

    /** Where a completed job's output puts the audio. */
    public enum OutputShape {
        /** {@code {"audio_base64": "...", "sample_rate": hz, "duration_ms": ms}} */
        AUDIO_BASE64,
        /** {@code {"audio": "data:audio/wav;base64,..."}} */
        AUDIO_DATA_URI,
        /** the output is the base64 string itself */
        BARE_BASE64
    }

    public WorkerOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("worker port must be 0-65535, got " + port);
        }
        if (endpointId == null || !endpointId.matches("[A-Za-z0-9_-]{1,128}")) {
            throw new IllegalArgumentException("worker endpointId must be 1-128 letters, digits, '-' or '_', got " + endpointId);
        }
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
        if (!FreeTtsVoice.NAME.equals(voice) && !SyntheticVoice.NAME.equals(voice)) {
            throw new IllegalArgumentException("worker voice must be freetts or synthetic, got " + voice);
        }
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("worker count must be 1-256, got " + workers);
        }
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(faults, "faults");
        for (Duration d : new Duration[] {runRetention, syncRetention, defaultExecutionTimeout, defaultTtl}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("worker retention, executionTimeout and ttl must be positive, got " + d);
            }
        }
        Objects.requireNonNull(outputShape, "outputShape");
        if (maxRequestsPerSecond < 0) {
            throw new IllegalArgumentException("worker maxRequestsPerSecond must be >= 0, got " + maxRequestsPerSecond);
        }
        Objects.requireNonNull(webhooks, "webhooks");
    }

    /** Port 0, endpoint {@code local}, no key, synthetic voice, 3 workers, no latency, no faults, RunPod's retention, policy and webhook defaults. */
    public static WorkerOptions defaults() {
        return new WorkerOptions(0, "local", null, SyntheticVoice.NAME, 3, LatencyModel.NONE, FaultPlan.NONE, 0,
                Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(24),
                OutputShape.AUDIO_BASE64, true, 0, WebhookPolicy.RUNPOD);
    }

    public WorkerOptions withPort(int value) {
        return new WorkerOptions(value, endpointId, apiKey, voice, workers, latency, faults, seed, runRetention,
                syncRetention, defaultExecutionTimeout, defaultTtl, outputShape, honourStatusWait, maxRequestsPerSecond,
                webhooks);
    }

    public WorkerOptions withEndpointId(String value) {
        return new WorkerOptions(port, value, apiKey, voice, workers, latency, faults, seed, runRetention,
                syncRetention, defaultExecutionTimeout, defaultTtl, outputShape, honourStatusWait, maxRequestsPerSecond,
                webhooks);
    }

    public WorkerOptions withApiKey(String value) {
        return new WorkerOptions(port, endpointId, value, voice, workers, latency, faults, seed, runRetention,
                syncRetention, defaultExecutionTimeout, defaultTtl, outputShape, honourStatusWait, maxRequestsPerSecond,
                webhooks);
    }

    public WorkerOptions withVoice(String value) {
        return new WorkerOptions(port, endpointId, apiKey, value, workers, latency, faults, seed, runRetention,
                syncRetention, defaultExecutionTimeout, defaultTtl, outputShape, honourStatusWait, maxRequestsPerSecond,
                webhooks);
    }

    public WorkerOptions withWorkers(int value) {
        return new WorkerOptions(port, endpointId, apiKey, voice, value, latency, faults, seed, runRetention,
                syncRetention, defaultExecutionTimeout, defaultTtl, outputShape, honourStatusWait, maxRequestsPerSecond,
                webhooks);
    }

    public WorkerOptions withLatency(LatencyModel value) {
        return new WorkerOptions(port, endpointId, apiKey, voice, workers, value, faults, seed, runRetention,
                syncRetention, defaultExecutionTimeout, defaultTtl, outputShape, honourStatusWait, maxRequestsPerSecond,
                webhooks);
    }

    public WorkerOptions withFaults(FaultPlan value) {
        return new WorkerOptions(port, endpointId, apiKey, voice, workers, latency, value, seed, runRetention,
                syncRetention, defaultExecutionTimeout, defaultTtl, outputShape, honourStatusWait, maxRequestsPerSecond,
                webhooks);
    }

    public WorkerOptions withSeed(long value) {
        return new WorkerOptions(port, endpointId, apiKey, voice, workers, latency, faults, value, runRetention,
                syncRetention, defaultExecutionTimeout, defaultTtl, outputShape, honourStatusWait, maxRequestsPerSecond,
                webhooks);
    }

    public WorkerOptions withRetention(Duration run, Duration sync) {
        return new WorkerOptions(port, endpointId, apiKey, voice, workers, latency, faults, seed, run,
                sync, defaultExecutionTimeout, defaultTtl, outputShape, honourStatusWait, maxRequestsPerSecond,
                webhooks);
    }

    public WorkerOptions withDefaultPolicy(Duration executionTimeout, Duration ttl) {
        return new WorkerOptions(port, endpointId, apiKey, voice, workers, latency, faults, seed, runRetention,
                syncRetention, executionTimeout, ttl, outputShape, honourStatusWait, maxRequestsPerSecond,
                webhooks);
    }

    public WorkerOptions withOutputShape(OutputShape value) {
        return new WorkerOptions(port, endpointId, apiKey, voice, workers, latency, faults, seed, runRetention,
                syncRetention, defaultExecutionTimeout, defaultTtl, value, honourStatusWait, maxRequestsPerSecond,
                webhooks);
    }

    public WorkerOptions withHonourStatusWait(boolean value) {
        return new WorkerOptions(port, endpointId, apiKey, voice, workers, latency, faults, seed, runRetention,
                syncRetention, defaultExecutionTimeout, defaultTtl, outputShape, value, maxRequestsPerSecond,
                webhooks);
    }

    public WorkerOptions withMaxRequestsPerSecond(int value) {
        return new WorkerOptions(port, endpointId, apiKey, voice, workers, latency, faults, seed, runRetention,
                syncRetention, defaultExecutionTimeout, defaultTtl, outputShape, honourStatusWait, value, webhooks);
    }

    public WorkerOptions withWebhookPolicy(WebhookPolicy value) {
        return new WorkerOptions(port, endpointId, apiKey, voice, workers, latency, faults, seed, runRetention,
                syncRetention, defaultExecutionTimeout, defaultTtl, outputShape, honourStatusWait, maxRequestsPerSecond,
                value);
    }

    /** Everything but the API key. */
    @Override
    public String toString() {
        return "WorkerOptions[port=" + port + ", endpointId=" + endpointId + ", apiKey=" + (apiKey == null ? "<none>" : "<redacted>")
                + ", voice=" + voice + ", workers=" + workers + ", latency=" + latency + ", faults=" + faults
                + ", seed=" + seed + "]";
    }
}
