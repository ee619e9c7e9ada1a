package dev.readaloud.runpod;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * PLACEHOLDER so the render steps compile before the RunPod client is merged; the runpod
 * package's real record replaces this file (no logic belongs here).
 */
public record RunPodConfig(URI baseUrl, String endpointId, String apiKey, String audioField,
                           Map<String, Object> extraInput, Duration executionTimeout, Duration ttl) {
}
