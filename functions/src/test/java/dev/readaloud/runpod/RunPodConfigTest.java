package dev.readaloud.runpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunPodConfigTest {

    @Test
    void production_pointsAtRunPodsApi() {
        RunPodConfig config = RunPodConfig.production("abc123", "key");

        assertThat(config.endpointUrl()).isEqualTo(URI.create("https://api.runpod.ai/v2/abc123"));
    }

    @Test
    void toString_neverShowsTheKey() {
        RunPodConfig config = RunPodConfig.production("abc123", "very-secret");

        assertThat(config.toString()).doesNotContain("very-secret").contains("<redacted>");
    }

    @Test
    void rejectsBadValuesByName() {
        assertThatThrownBy(() -> RunPodConfig.production("a/b", "k")).hasMessageContaining("endpointId");
        assertThatThrownBy(() -> RunPodConfig.of(URI.create("ftp://x"), "a", "k")).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> RunPodConfig.production("a", "k").withExtraInput(Map.of("text", "x")))
                .hasMessageContaining("'text'");
        assertThatThrownBy(() -> RunPodConfig.production("a", "k").withWaits(Duration.ofMinutes(6), Duration.ZERO))
                .hasMessageContaining("pollWait");
        assertThatThrownBy(() -> RunPodConfig.production("a", "k").withPolicy(Duration.ZERO, null))
                .hasMessageContaining("executionTimeout");
    }

    @Test
    void speechRequest_toStringHidesTheText() {
        assertThat(new SpeechRequest("secret words", "v").toString()).doesNotContain("secret").contains("12 chars");
    }
}
