package dev.readaloud.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readaloud.audio.LoudnessNormalization;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderConfigTest {

    @Test
    void fromEnvironment_onlyTheBucket_takesTheDocumentedDefaults() {
        RenderConfig config = RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "my-bucket"));

        assertThat(config.bucket()).isEqualTo("my-bucket");
        assertThat(config.maxConcurrency()).isEqualTo(3);
        assertThat(config.chunkSettings().maxChars()).isEqualTo(400);
        assertThat(config.chunkSettings().minChars()).isEqualTo(40);
        assertThat(config.chunkSettings().planWidth()).isEqualTo(3);
        assertThat(config.maxTextChars()).isEqualTo(3_000_000);
        assertThat(config.audioUrlTtl()).isEqualTo(Duration.ofSeconds(900));
        assertThat(config.stitchSettings().pauseMillis()).isEqualTo(250);
    }

    @Test
    void loudnessTarget_defaultsToMinus18_takesATargetOrOff_andNamesTheVariableWhenWrong() {
        assertThat(RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "b")).stitchSettings().loudness())
                .isEqualTo(LoudnessNormalization.defaults());
        assertThat(RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "b", "LOUDNESS_TARGET", "-23")).loudness())
                .isEqualTo(LoudnessNormalization.to(-23));
        assertThat(RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "b", "LOUDNESS_TARGET", "off")).loudness())
                .isNull();
        assertThatThrownBy(() -> RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "b", "LOUDNESS_TARGET", "-3")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("environment variable LOUDNESS_TARGET: '-3' is not a loudness");
    }

    @Test
    void fromEnvironment_withoutTheBucket_namesTheVariable() {
        assertThatThrownBy(() -> RenderConfig.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("environment variable RENDER_BUCKET is not set");
    }

    @Test
    void fromEnvironment_nonNumericConcurrency_namesTheVariableAndValue() {
        assertThatThrownBy(() -> RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "b", "MAX_CONCURRENCY", "three")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("environment variable MAX_CONCURRENCY must be an integer, got 'three'");
    }

    @Test
    void fromEnvironment_concurrencyOutOfRange_namesTheRange() {
        assertThatThrownBy(() -> RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "b", "MAX_CONCURRENCY", "41")))
                .hasMessage("environment variable MAX_CONCURRENCY must be between 1 and 40, got 41");
    }

    @Test
    void fromEnvironment_minCharsAboveMaxChars_isRejected() {
        assertThatThrownBy(() -> RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "b",
                "CHUNK_MAX_CHARS", "100", "CHUNK_MIN_CHARS", "200")))
                .hasMessage("environment variable CHUNK_MIN_CHARS must be between 0 and 100, got 200");
    }

    @Test
    void runPodSettings_requireTheEndpointAndSecretButNeverTheKey() {
        assertThatThrownBy(() -> RunPodSettings.fromEnvironment(Map.of("RUNPOD_ENDPOINT_ID", "e")))
                .hasMessage("environment variable RUNPOD_API_KEY_SECRET_ARN is not set");
        assertThatThrownBy(() -> RunPodSettings.fromEnvironment(Map.of("RUNPOD_ENDPOINT_ID", "e",
                "RUNPOD_API_KEY_SECRET_ARN", "arn", "RUNPOD_BASE_URL", "ftp://x")))
                .hasMessage("environment variable RUNPOD_BASE_URL must be an http(s) URL, got 'ftp://x'");

        RunPodSettings settings = RunPodSettings.fromEnvironment(Map.of("RUNPOD_ENDPOINT_ID", "abc123",
                "RUNPOD_API_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:k"));
        assertThat(settings.baseUrl()).hasToString("https://api.runpod.ai/v2");
        assertThat(settings.endpointId()).isEqualTo("abc123");
    }

    @Test
    void fromEnvironment_defaultVoiceOutsideTheVoiceList_isRejectedNamingBoth() {
        assertThatThrownBy(() -> RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "b",
                "VOICE", "default", "VOICES", "alba,kevin16")))
                .hasMessage("environment variable VOICE names 'default', which is not one of VOICES (alba, kevin16)");
        assertThat(RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "b", "VOICE", "alba", "VOICES", " alba , kevin16,"))
                .voices()).containsExactlyInAnyOrder("alba", "kevin16");
        assertThat(RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "b")).voices()).isEmpty();
    }

    @Test
    void runPodSettings_giveEachJobAnExecutionTimeoutInProportionToItsText() {
        RunPodSettings settings = RunPodSettings.fromEnvironment(Map.of("RUNPOD_ENDPOINT_ID", "abc123",
                "RUNPOD_API_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:k",
                "RUNPOD_EXECUTION_FLOOR_SECONDS", "20", "RUNPOD_EXECUTION_MS_PER_CHAR", "100"));

        assertThat(settings.clientConfig(null).executionTimeoutFor(400)).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(settings.clientConfig(null).executionTimeoutFor(100_000)).isEqualTo(java.time.Duration.ofSeconds(600));
    }
}
