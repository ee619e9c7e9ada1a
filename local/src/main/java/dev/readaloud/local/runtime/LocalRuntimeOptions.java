package dev.readaloud.local.runtime;

import dev.readaloud.local.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to run renders on this machine.
 *
 * @param dataDirectory where the embedded S3 server keeps its files (renders survive restarts)
 * @param definition    the state machine file, normally statemachine/render.asl.json
 * @param worker        the local worker's settings (ignored when {@code endpoint} is set)
 * @param endpoint      a real RunPod endpoint, or null for the local worker
 * @param environment   the functions' environment variables, as template.yaml would set them
 *                      (RENDER_BUCKET and CHUNK_TAGGING are set here), plus RUNPOD_EXECUTION_TIMEOUT_MS:
 *                      the executionTimeout policy of every RunPod job (default 10 minutes)
 * @param timeScale     multiplies every Wait and Retry delay of the state machine (1 = as in AWS, 0 = none)
 * @param jitterSeed    seed of the engine's retry jitter
 * @param chunkTimeout  the chunk function's timeout (its Lambda timeout in AWS)
 */
public record LocalRuntimeOptions(Path dataDirectory, Path definition, WorkerOptions worker,
                                  LocalRuntime.Endpoint endpoint, Map<String, String> environment,
                                  double timeScale, long jitterSeed, Duration chunkTimeout) {

    public LocalRuntimeOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(worker, "worker");
        environment = Map.copyOf(environment);
        if (timeScale < 0) {
            throw new IllegalArgumentException("time scale must be 0 or more, got " + timeScale);
        }
    }

    /** The functions' environment with the embedded S3's bucket filled in (S3Proxy has no object tagging). */
    Map<String, String> environment(String bucket) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("RENDER_BUCKET", bucket);
        env.put("CHUNK_TAGGING", "false");
        return env;
    }
}
