package dev.readaloud.runpod;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach one RunPod serverless endpoint and how patiently to wait for it.
 *
 * <p>Build one with {@link #of(URI, String, String)} and the {@code with...} methods; the
 * canonical constructor checks every value. {@link #toString()} never shows the API key.
 *
 * @param baseUrl              the API root, {@code https://api.runpod.ai/v2} in production (the local
 *                             worker's {@code baseUrl()} on one machine); the endpoint id is appended
 * @param endpointId           RunPod's endpoint id (letters, digits, {@code -}, {@code _})
 * @param apiKey               sent as {@code Authorization: Bearer <key>}; null or blank sends none
 * @param audioField           the output field that holds the audio; null finds it in the usual shapes
 *                             ({@code audio_base64}, {@code audio}, {@code audio_url}, or the output itself)
 * @param extraInput           fields added to every job's {@code input} next to {@code text} and {@code voice}
 * @param executionTimeout     the job's {@code policy.executionTimeout}, or with an {@code executionBudget} the
 *                             most any job gets; null keeps the endpoint's own (RunPod: 10 minutes by
 *                             default, at least 5 s)
 * @param ttl                  the job's {@code policy.ttl}, its whole lifespan from submission; null keeps
 *                             the endpoint's own (RunPod: 24 hours by default, at least 10 s)
 * @param pollWait             longest one status request is held open ({@code /status/{id}?wait=}), 0 to 300 s
 * @param deadlineMargin       time kept back before a call's deadline to answer cleanly
 * @param maxAudioBytes        largest audio accepted, in bytes, decoded or downloaded
 * @param audioDownloadTimeout longest an {@code audio_url} download may take
 * @param maxRetries           in-client retries of one request after 429, 5xx or a connection error
 * @param maxBackoff           longest single in-client backoff after a 429 without Retry-After, a 5xx or a
 *                             connection error (a Retry-After is honoured whatever its length while the
 *                             call's deadline allows)
 * @param executionBudget      each job's executionTimeout in proportion to its text (capped by
 *                             {@code executionTimeout}), or null for the same executionTimeout for every job
 */
public record RunPodConfig(URI baseUrl, String endpointId, String apiKey, String audioField,
                           Map<String, Object> extraInput, Duration executionTimeout, Duration ttl,
                           Duration pollWait, Duration deadlineMargin, long maxAudioBytes,
                           Duration audioDownloadTimeout, int maxRetries, Duration maxBackoff,
                           ExecutionBudget executionBudget) {

    /** RunPod's production API root. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.runpod.ai/v2");

    private static final Pattern ENDPOINT_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);

    public RunPodConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (!baseUrl.isAbsolute() || !("https".equals(scheme) || "http".equals(scheme)) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("RunPod baseUrl must be an absolute http(s) URL, got: " + baseUrl);
        }
        if (endpointId == null || !ENDPOINT_ID.matcher(endpointId).matches()) {
            throw new IllegalArgumentException("RunPod endpointId must be 1-128 letters, digits, '-' or '_', got: "
                    + (endpointId == null ? "null" : "'" + endpointId + "'"));
        }
        if (audioField != null && audioField.isBlank()) {
            audioField = null;
        }
        extraInput = extraInput == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraInput));
        if (extraInput.containsKey("text") || extraInput.containsKey("voice")) {
            throw new IllegalArgumentException("RunPod extraInput must not set 'text' or 'voice'; they come from each request");
        }
        requirePositive(executionTimeout, "executionTimeout", true);
        requirePositive(ttl, "ttl", true);
        requireRange(pollWait, "pollWait", Duration.ZERO, MAX_WAIT);
        requireRange(deadlineMargin, "deadlineMargin", Duration.ZERO, Duration.ofMinutes(1));
        if (maxAudioBytes < 44) {
            throw new IllegalArgumentException("RunPod maxAudioBytes must be at least 44 (a WAV header), got " + maxAudioBytes);
        }
        requirePositive(audioDownloadTimeout, "audioDownloadTimeout", false);
        if (maxRetries < 0 || maxRetries > 20) {
            throw new IllegalArgumentException("RunPod maxRetries must be 0-20, got " + maxRetries);
        }
        requireRange(maxBackoff, "maxBackoff", Duration.ZERO, Duration.ofMinutes(1));
    }

    /**
     * A configuration with sensible defaults: audio found automatically, the endpoint's own
     * policy, status requests held up to 60 s, 2 s deadline margin, 64 MiB audio cap, 30 s
     * downloads, 3 in-client retries backing off at most 5 s.
     */
    public static RunPodConfig of(URI baseUrl, String endpointId, String apiKey) {
        return new RunPodConfig(baseUrl, endpointId, apiKey, null, Map.of(), null, null,
                Duration.ofSeconds(60), Duration.ofSeconds(2), 64L * 1024 * 1024, Duration.ofSeconds(30), 3,
                Duration.ofSeconds(5), null);
    }

    /** The production endpoint {@code https://api.runpod.ai/v2/{endpointId}} with defaults. */
    public static RunPodConfig production(String endpointId, String apiKey) {
        return of(DEFAULT_BASE_URL, endpointId, apiKey);
    }

    /** The endpoint's own URL: {@code baseUrl/endpointId}. */
    public URI endpointUrl() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + endpointId);
    }

    public RunPodConfig withAudioField(String field) {
        return new RunPodConfig(baseUrl, endpointId, apiKey, field, extraInput, executionTimeout, ttl, pollWait,
                deadlineMargin, maxAudioBytes, audioDownloadTimeout, maxRetries, maxBackoff, executionBudget);
    }

    public RunPodConfig withExtraInput(Map<String, Object> input) {
        return new RunPodConfig(baseUrl, endpointId, apiKey, audioField, input, executionTimeout, ttl, pollWait,
                deadlineMargin, maxAudioBytes, audioDownloadTimeout, maxRetries, maxBackoff, executionBudget);
    }

    /** The job policy; either may be null to keep the endpoint's own setting. */
    public RunPodConfig withPolicy(Duration jobExecutionTimeout, Duration jobTtl) {
        return new RunPodConfig(baseUrl, endpointId, apiKey, audioField, extraInput, jobExecutionTimeout, jobTtl,
                pollWait, deadlineMargin, maxAudioBytes, audioDownloadTimeout, maxRetries, maxBackoff, executionBudget);
    }

    /** Each job's executionTimeout from its text length, at most the policy's executionTimeout; null: fixed. */
    public RunPodConfig withExecutionBudget(ExecutionBudget budget) {
        return new RunPodConfig(baseUrl, endpointId, apiKey, audioField, extraInput, executionTimeout, ttl,
                pollWait, deadlineMargin, maxAudioBytes, audioDownloadTimeout, maxRetries, maxBackoff, budget);
    }

    public RunPodConfig withWaits(Duration poll, Duration margin) {
        return new RunPodConfig(baseUrl, endpointId, apiKey, audioField, extraInput, executionTimeout, ttl, poll,
                margin, maxAudioBytes, audioDownloadTimeout, maxRetries, maxBackoff, executionBudget);
    }

    public RunPodConfig withAudioLimits(long maxBytes, Duration downloadTimeout) {
        return new RunPodConfig(baseUrl, endpointId, apiKey, audioField, extraInput, executionTimeout, ttl, pollWait,
                deadlineMargin, maxBytes, downloadTimeout, maxRetries, maxBackoff, executionBudget);
    }

    public RunPodConfig withRetries(int retries, Duration backoffCap) {
        return new RunPodConfig(baseUrl, endpointId, apiKey, audioField, extraInput, executionTimeout, ttl, pollWait,
                deadlineMargin, maxAudioBytes, audioDownloadTimeout, retries, backoffCap, executionBudget);
    }

    /**
     * The {@code policy.executionTimeout} of a job speaking {@code chars} characters: the budget's
     * share, at most {@code executionTimeout}; {@code executionTimeout} itself without a budget; null
     * when neither is set (the endpoint's own applies).
     */
    public Duration executionTimeoutFor(int chars) {
        if (executionBudget == null) {
            return executionTimeout;
        }
        Duration share = executionBudget.forChars(chars);
        return executionTimeout == null || share.compareTo(executionTimeout) < 0 ? share : executionTimeout;
    }

    /** Everything but the API key. */
    @Override
    public String toString() {
        return "RunPodConfig[baseUrl=" + baseUrl + ", endpointId=" + endpointId
                + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "<none>" : "<redacted>")
                + ", audioField=" + audioField + ", extraInput=" + extraInput.keySet()
                + ", executionTimeout=" + executionTimeout + ", ttl=" + ttl + ", pollWait=" + pollWait + ", deadlineMargin=" + deadlineMargin + ", maxAudioBytes=" + maxAudioBytes
                + ", audioDownloadTimeout=" + audioDownloadTimeout + ", maxRetries=" + maxRetries
                + ", maxBackoff=" + maxBackoff + ", executionBudget=" + executionBudget + "]";
    }

    private static void requirePositive(Duration value, String name, boolean nullable) {
        if (value == null ? !nullable : value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("RunPod " + name + " must be a positive duration, got " + value);
        }
    }

    private static void requireRange(Duration value, String name, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("RunPod " + name + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
