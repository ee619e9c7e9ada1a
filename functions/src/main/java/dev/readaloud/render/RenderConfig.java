package dev.readaloud.render;

import dev.readaloud.audio.LoudnessNormalization;
import dev.readaloud.audio.StitchSettings;
import dev.readaloud.text.ChunkSettings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What every render step needs to know, read once from the environment template.yaml sets.
 *
 * @param bucket               the S3 bucket holding {@code renders/}
 * @param maxConcurrency       the most chunks synthesized at once (1 = sequential); requests may ask for less
 * @param chunkSettings        default chunk planning: max chars, min chars, plan width
 * @param maxTextChars         the longest text (Unicode code points) a request may carry
 * @param voice                the default voice
 * @param pauseMillis          silence between chunks inside a paragraph, in milliseconds
 * @param paragraphPauseMillis silence after a chunk that ends a paragraph, in milliseconds
 * @param crossfadeMillis      crossfade at every seam, in milliseconds (0 = none)
 * @param audioUrlTtl          how long a presigned audio URL stays valid
 * @param chunkSafetyMargin    time kept back from the Lambda's remaining time when waiting for RunPod
 * @param tagChunks            tag chunk WAVs for the bucket's shorter lifecycle (S3 servers without object
 *                             tagging, such as the embedded S3Proxy, turn it off)
 * @param voices               the voices the RunPod endpoint speaks, checked at {@code POST /renders} before
 *                             anything is paid for; empty accepts any voice
 * @param loudness             the loudness the stitch brings every chunk to unless a request says otherwise,
 *                             or null for off (levels and bytes as the chunks come)
 * @param waitMode             how chunks wait for their RunPod jobs: polling, or RunPod's webhook
 * @param callbackTimeout      in callback mode, how long a chunk waits for the webhook before it resumes the
 *                             job by polling (a lost webhook costs this much time, never the chunk)
 * @param prices               what each billed unit costs, for the cost result.json reports
 */
public record RenderConfig(String bucket, int maxConcurrency, ChunkSettings chunkSettings, int maxTextChars,
                           String voice, int pauseMillis, int paragraphPauseMillis, int crossfadeMillis,
                           Duration audioUrlTtl, Duration chunkSafetyMargin, boolean tagChunks, Set<String> voices,
                           LoudnessNormalization loudness, RunPodWaitMode waitMode, Duration callbackTimeout,
                           Prices prices) {

    public RenderConfig {
        voices = Set.copyOf(voices);
        if (!voices.isEmpty() && !voices.contains(voice)) {
            throw new ConfigurationException("environment variable VOICE names '" + voice
                    + "', which is not one of VOICES (" + String.join(", ", new TreeSet<>(voices)) + ")");
        }
    }

    /** Upper bound of MaxConcurrency, as in template.yaml: an inline Map state runs at most 40 iterations at once. */
    public static final int MAX_CONCURRENCY_LIMIT = 40;

    /**
     * Reads RENDER_BUCKET (required), MAX_CONCURRENCY (3), CHUNK_MAX_CHARS (400),
     * CHUNK_MIN_CHARS (40, or a tenth of the max when smaller),
     * CHUNK_PLAN_WIDTH (3), MAX_TEXT_CHARS (3000000), VOICE ("default"), STITCH_PAUSE_MS (250),
     * STITCH_PARAGRAPH_PAUSE_MS (700), STITCH_CROSSFADE_MS (10), AUDIO_URL_SECONDS (900) and
     * CHUNK_SAFETY_MARGIN_MS (20000), CHUNK_TAGGING (true), VOICES (comma-separated; unset or empty
     * accepts any voice) and LOUDNESS_TARGET (-18: a target in LUFS from -40 to -5, or off; the true peak
     * ceiling is -3 dBTP and the gain limit +12 dB, see {@link LoudnessNormalization}), RUNPOD_WAIT_MODE (poll or
     * callback), RUNPOD_CALLBACK_TIMEOUT_SECONDS (300, from 1 to 86400) and the PRICE_* variables of
     * {@link Prices#fromEnvironment}.
     *
     * @throws ConfigurationException naming the missing or invalid variable
     */
    public static RenderConfig fromEnvironment(Map<String, String> env) {
        EnvironmentVariables vars = new EnvironmentVariables(env);
        int maxChars = vars.integer("CHUNK_MAX_CHARS", ChunkSettings.DEFAULT_MAX_CHARS, 1, 100_000);
        return new RenderConfig(
                vars.required("RENDER_BUCKET"),
                vars.integer("MAX_CONCURRENCY", 3, 1, MAX_CONCURRENCY_LIMIT),
                new ChunkSettings(maxChars,
                        vars.integer("CHUNK_MIN_CHARS", ChunkSettings.defaultMinChars(maxChars), 0, maxChars),
                        vars.integer("CHUNK_PLAN_WIDTH", ChunkSettings.DEFAULT_PLAN_WIDTH, 1, MAX_CONCURRENCY_LIMIT)),
                vars.integer("MAX_TEXT_CHARS", 3_000_000, 1, 10_000_000),
                vars.optional("VOICE", "default"),
                vars.integer("STITCH_PAUSE_MS", 250, 0, 60_000),
                vars.integer("STITCH_PARAGRAPH_PAUSE_MS", 700, 0, 60_000),
                vars.integer("STITCH_CROSSFADE_MS", 10, 0, 5_000),
                Duration.ofSeconds(vars.integer("AUDIO_URL_SECONDS", 900, 1, 604_800)),
                Duration.ofMillis(vars.integer("CHUNK_SAFETY_MARGIN_MS", 20_000, 0, 600_000)),
                vars.bool("CHUNK_TAGGING", true),
                voiceList(vars.optional("VOICES", "")),
                loudness(vars.optional("LOUDNESS_TARGET", String.valueOf(LoudnessNormalization.DEFAULT_TARGET_LUFS))),
                waitMode(vars.optional("RUNPOD_WAIT_MODE", RunPodWaitMode.POLL.wireName())),
                Duration.ofSeconds(vars.integer("RUNPOD_CALLBACK_TIMEOUT_SECONDS", 300, 1, 86_400)),
                Prices.fromEnvironment(env));
    }

    private static RunPodWaitMode waitMode(String value) {
        try {
            return RunPodWaitMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("environment variable RUNPOD_WAIT_MODE " + e.getMessage());
        }
    }

    private static LoudnessNormalization loudness(String value) {
        try {
            return LoudnessNormalization.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("environment variable LOUDNESS_TARGET: " + e.getMessage());
        }
    }

    private static Set<String> voiceList(String commaSeparated) {
        Set<String> voices = new LinkedHashSet<>();
        for (String voice : commaSeparated.split(",")) {
            if (!voice.isBlank()) {
                voices.add(voice.strip());
            }
        }
        return voices;
    }

    /** The render store these settings describe, on {@code s3}. */
    public RenderStore store(S3Client s3) {
        return new RenderStore(s3, bucket, tagChunks);
    }

    /**
     * The stitcher's settings: the in-paragraph pause by default, trimming on, output in the first chunk's format,
     * the deployment's loudness.
     */
    public StitchSettings stitchSettings() {
        return new StitchSettings(pauseMillis, crossfadeMillis, true, -50.0, 40, 0, 0, loudness);
    }
}
