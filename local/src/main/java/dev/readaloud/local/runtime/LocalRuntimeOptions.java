package dev.readaloud.local.runtime;

import dev.readaloud.local.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to run renders on this machine.
 *
 * @param dataDirectory where the embedded S3 server keeps its files (renders survive restarts)
 * @param definition    the state machine file, normally statemachine/render.asl.json
 * @param template      the SAM template the functions' environments and timeouts come from, normally template.yaml
 * @param worker        the local worker's settings (ignored when {@code endpoint} is set)
 * @param endpoint      a real RunPod endpoint, or null for the local worker
 * @param environment   variables set over every function's template environment, with the Lambdas' names (like
 *                      {@code sam local invoke --env-vars}), e.g. MAX_CONCURRENCY, VOICE or
 *                      RUNPOD_EXECUTION_TIMEOUT_SECONDS
 * @param timeScale     multiplies every Wait and Retry delay of the state machine (1 = as in AWS, 0 = none)
 * @param jitterSeed    seed of the engine's retry jitter
 * @param timeouts      function timeouts that replace the template's, by logical id (tests shorten them)
 */
public record LocalRuntimeOptions(Path dataDirectory, Path definition, Path template, WorkerOptions worker,
                                  LocalRuntime.Endpoint endpoint, Map<String, String> environment,
                                  double timeScale, long jitterSeed, Map<String, Duration> timeouts) {

    public LocalRuntimeOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(worker, "worker");
        environment = Map.copyOf(environment);
        timeouts = Map.copyOf(timeouts);
        if (timeScale < 0) {
            throw new IllegalArgumentException("time scale must be 0 or more, got " + timeScale);
        }
    }

    /**
     * The repository's template.yaml (beside statemachine/) and every function's template timeout, except the
     * chunk function's when {@code chunkTimeout} is given.
     */
    public LocalRuntimeOptions(Path dataDirectory, Path definition, WorkerOptions worker, LocalRuntime.Endpoint endpoint,
                               Map<String, String> environment, double timeScale, long jitterSeed, Duration chunkTimeout) {
        this(dataDirectory, definition, repositoryTemplate(definition), worker, endpoint, environment, timeScale, jitterSeed,
                chunkTimeout == null ? Map.of() : Map.of("SynthesizeChunkFunction", chunkTimeout));
    }

    private static Path repositoryTemplate(Path definition) {
        Path statemachineDirectory = definition.toAbsolutePath().normalize().getParent();
        return statemachineDirectory.resolveSibling("template.yaml");
    }
}
