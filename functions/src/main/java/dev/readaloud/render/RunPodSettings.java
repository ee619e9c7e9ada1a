package dev.readaloud.render;

import dev.readaloud.runpod.ExecutionBudget;
import dev.readaloud.runpod.RunPodConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where the chunk function finds RunPod; only the chunk function reads these.
 *
 * @param baseUrl            RunPod's serverless API, e.g. https://api.runpod.ai/v2
 * @param endpointId         the endpoint's id
 * @param apiKeySecretArn    the Secrets Manager secret holding the API key (never the key itself)
 * @param audioField         the field of the worker's output that carries the audio, or null to find it
 * @param executionTimeout   the most RunPod's executionTimeout policy gives one job
 * @param executionBudget    each job's executionTimeout from its text length (at most {@code executionTimeout})
 * @param webhookUrl         where RunPod reports a job's end in callback mode (the HTTP API's
 *                           {@code /runpod-webhooks} route), or null when unset (poll mode needs none)
 */
public record RunPodSettings(URI baseUrl, String endpointId, String apiKeySecretArn, String audioField,
                             Duration executionTimeout, ExecutionBudget executionBudget, URI webhookUrl) {

    /**
     * Reads RUNPOD_BASE_URL (https://api.runpod.ai/v2), RUNPOD_ENDPOINT_ID (required),
     * RUNPOD_API_KEY_SECRET_ARN (required), RUNPOD_AUDIO_FIELD (unset: the client finds the audio in the
     * usual output shapes), RUNPOD_EXECUTION_TIMEOUT_SECONDS (600, the most one job gets),
     * RUNPOD_EXECUTION_FLOOR_SECONDS (30) and RUNPOD_EXECUTION_MS_PER_CHAR (250): a job of n characters
     * gets floor + n × per-char, so a stalled job ends in proportion to its work; RUNPOD_WEBHOOK_URL (unset:
     * no callback mode).
     *
     * @throws ConfigurationException naming the missing or invalid variable
     */
    public static RunPodSettings fromEnvironment(Map<String, String> env) {
        EnvironmentVariables vars = new EnvironmentVariables(env);
        return new RunPodSettings(
                vars.httpUri("RUNPOD_BASE_URL", "https://api.runpod.ai/v2"),
                vars.required("RUNPOD_ENDPOINT_ID"),
                vars.required("RUNPOD_API_KEY_SECRET_ARN"),
                vars.optional("RUNPOD_AUDIO_FIELD", null),
                Duration.ofSeconds(vars.integer("RUNPOD_EXECUTION_TIMEOUT_SECONDS", 600, 5, 86_400)),
                new ExecutionBudget(Duration.ofSeconds(vars.integer("RUNPOD_EXECUTION_FLOOR_SECONDS", 30, 5, 86_400)),
                        Duration.ofMillis(vars.integer("RUNPOD_EXECUTION_MS_PER_CHAR", 250, 0, 60_000))),
                vars.optional("RUNPOD_WEBHOOK_URL", null) == null ? null : vars.httpUri("RUNPOD_WEBHOOK_URL", null));
    }

    /**
     * The client configuration with {@code apiKey}, or with none (null) when the client reads the key
     * from an {@code ApiKeySource}.
     */
    public RunPodConfig clientConfig(String apiKey) {
        return RunPodConfig.of(baseUrl, endpointId, apiKey)
                .withAudioField(audioField)
                .withPolicy(executionTimeout, Duration.ofHours(1))
                .withExecutionBudget(executionBudget);
    }
}
