package dev.readaloud.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gain plan: one level for all, the true peak ceiling, the gain limit, no gain for silence, peak outliers. */
class LoudnessNormalizationTest {

    private static final double HEADROOM = LoudnessNormalization.PEAK_HEADROOM_DB;

    private static ChunkLoudness chunk(double lufs, double peak) {
        return new ChunkLoudness(lufs, peak);
    }

    @Test
    void chunksWithRoomUnderTheCeiling_reachTheTarget() {
        LoudnessNormalization.Plan plan = LoudnessNormalization.to(-23)
                .plan(List.of(chunk(-30, -15), chunk(-10, 0), chunk(-23, -9)));

        assertThat(plan.levelLufs()).isEqualTo(-23.0);
        assertThat(plan.limitingChunk()).isEqualTo(-1);
        assertThat(plan.gainsDb()).containsExactly(7.0, -13.0, 0.0);
        assertThat(plan.factor(2)).isEqualTo(1f);
        assertThat(plan.factor(0)).isCloseTo((float) Math.pow(10, 7 / 20.0), within(1e-6f));
    }

    @Test
    void aPeakThatWouldPassTheCeiling_lowersEveryChunkAlike() {
        // At -18 LUFS chunk 1 (peak-to-loudness 19 dB) would peak at +1 dBTP: everything goes to -22.1.
        LoudnessNormalization.Plan plan = LoudnessNormalization.defaults()
                .plan(List.of(chunk(-30, -15), chunk(-20, -1), chunk(-26, -12)));

        assertThat(plan.levelLufs()).isCloseTo(-3 - HEADROOM - 19, within(1e-9));
        assertThat(plan.limitingChunk()).isEqualTo(1);
        assertThat(plan.gainsDb()[0]).isCloseTo(7.9, within(1e-9));
        assertThat(plan.gainsDb()[1]).isCloseTo(-2.1, within(1e-9));
        assertThat(plan.gainsDb()[2]).isCloseTo(3.9, within(1e-9));
        for (int i = 0; i < 3; i++) {
            ChunkLoudness c = List.of(chunk(-30, -15), chunk(-20, -1), chunk(-26, -12)).get(i);
            assertThat(c.truePeakDbtp() + plan.gainsDb()[i]).isLessThanOrEqualTo(-3 - HEADROOM + 1e-9);
        }
    }

    @Test
    void theGainLimit_keepsAVeryQuietChunkQuieter_andItsPeakDoesNotCount() {
        // Chunk 0 would need +32 dB; it gets 12, and at +12 its peak (-25 + 12) is far under the ceiling.
        LoudnessNormalization.Plan plan = LoudnessNormalization.defaults()
                .plan(List.of(chunk(-50, -25), chunk(-20, -10)));

        assertThat(plan.gainsDb()).containsExactly(12.0, 2.0);
        assertThat(plan.levelLufs()).isEqualTo(-18.0);
    }

    @Test
    void undefinedLoudness_getsNoGain_unlessItsPeakIsOverTheCeiling() {
        LoudnessNormalization.Plan plan = LoudnessNormalization.defaults().plan(List.of(
                chunk(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY), chunk(Double.NEGATIVE_INFINITY, -40),
                chunk(Double.NEGATIVE_INFINITY, -1)));

        assertThat(plan.gainsDb()[0]).isZero();
        assertThat(plan.gainsDb()[1]).isZero();
        assertThat(plan.gainsDb()[2]).isCloseTo(-2 - HEADROOM, within(1e-9));
    }

    @Test
    void onePeakOutlierInTwentyOne_doesNotLowerTheRest() {
        List<ChunkLoudness> chunks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            chunks.add(chunk(-20, -5)); // ratio 15: at -18 it would peak at -3.0, over the planned -3.1
        }
        chunks.add(chunk(-20, 5)); // a click: ratio 25

        LoudnessNormalization.Plan twentyOne = LoudnessNormalization.defaults().plan(chunks);
        LoudnessNormalization.Plan twenty = LoudnessNormalization.defaults().plan(chunks.subList(1, 21));

        assertThat(twentyOne.levelLufs()).isCloseTo(-18.1, within(1e-9)); // the rest's own limit, not the click's
        assertThat(twentyOne.gainsDb()[20]).isCloseTo(-8.1, within(1e-9)); // the click alone held under the ceiling
        assertThat(twenty.levelLufs()).isCloseTo(-28.1, within(1e-9)); // of 20, none is left out
        assertThat(twenty.limitingChunk()).isEqualTo(19);
    }

    @Test
    void parse_acceptsATargetOrOff_andExplainsAnythingElse() {
        assertThat(LoudnessNormalization.parse("-18")).isEqualTo(LoudnessNormalization.defaults());
        assertThat(LoudnessNormalization.parse(" -16.5 ").targetLufs()).isEqualTo(-16.5);
        assertThat(LoudnessNormalization.parse("OFF")).isNull();
        for (String bad : new String[] {"", "loud", "-41", "-4", "18", "NaN", null}) {
            assertThatThrownBy(() -> LoudnessNormalization.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected a target in LUFS from -40 to -5 (e.g. -18) or off");
        }
    }

    @Test
    void chunkLoudness_roundTripsThroughItsMetadataStrings() {
        ChunkLoudness measured = chunk(-23.123456789012345, Double.NEGATIVE_INFINITY);
        assertThat(ChunkLoudness.parse(Double.toString(measured.integratedLufs()),
                Double.toString(measured.truePeakDbtp()))).isEqualTo(measured);
        assertThat(ChunkLoudness.parse("-20", null)).isNull();
        assertThat(ChunkLoudness.parse("x", "-1")).isNull();
        assertThat(ChunkLoudness.parse("NaN", "-1")).isNull();
    }
}
