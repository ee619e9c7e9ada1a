package dev.readaloud.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkSettingsTest {

    @Test
    void defaults_useTheDocumentedConstants() {
        ChunkSettings defaults = ChunkSettings.defaults();

        assertThat(defaults.maxChars()).isEqualTo(ChunkSettings.DEFAULT_MAX_CHARS).isEqualTo(400);
        assertThat(defaults.minChars()).isEqualTo(ChunkSettings.DEFAULT_MIN_CHARS);
        assertThat(defaults.planWidth()).isEqualTo(ChunkSettings.DEFAULT_PLAN_WIDTH).isEqualTo(3);
    }

    @Test
    void settings_rejectMaxCharsBelowOne() {
        assertThatThrownBy(() -> new ChunkSettings(0, 0, 1))
                .isInstanceOf(InvalidTextException.class).hasMessage("maxChars must be at least 1, got 0");
    }

    @Test
    void settings_rejectNegativeMinChars() {
        assertThatThrownBy(() -> new ChunkSettings(10, -1, 1))
                .isInstanceOf(InvalidTextException.class).hasMessage("minChars must be at least 0, got -1");
    }

    @Test
    void settings_rejectMinCharsAboveMaxChars() {
        assertThatThrownBy(() -> new ChunkSettings(10, 11, 1))
                .isInstanceOf(InvalidTextException.class)
                .hasMessage("minChars (11) must not exceed maxChars (10)");
    }

    @Test
    void settings_rejectPlanWidthBelowOne() {
        assertThatThrownBy(() -> new ChunkSettings(10, 0, 0))
                .isInstanceOf(InvalidTextException.class).hasMessage("planWidth must be at least 1, got 0");
    }

    @Test
    void with_changesOneValue() {
        ChunkSettings settings = ChunkSettings.defaults().withMaxChars(200).withMinChars(5).withPlanWidth(4);

        assertThat(settings).isEqualTo(new ChunkSettings(200, 5, 4));
    }
}
