package dev.readaloud.local.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readaloud.audio.WavInfo;
import dev.readaloud.audio.WavReader;
import org.junit.jupiter.api.Test;

class VoicesTest {

    @Test
    void synthetic_isDeterministicDistinctPerTextAndGrowsWithTheText() throws Exception {
        SyntheticVoice voice = new SyntheticVoice();

        byte[] a = voice.speak("The lamp was lit.");
        byte[] b = voice.speak("The lamp was out.");
        byte[] longer = voice.speak("The lamp was lit. The ships passed the rock safely all night long.");

        assertThat(voice.speak("The lamp was lit.")).isEqualTo(a);
        assertThat(a).isNotEqualTo(b);
        WavInfo info = WavReader.inspect(a);
        assertThat(info.sampleRateHz()).isEqualTo(24_000);
        assertThat(info.channels()).isEqualTo(1);
        assertThat(info.bitsPerSample()).isEqualTo(16);
        assertThat(WavReader.inspect(longer).frames()).isGreaterThan(3 * info.frames());
        // 150 ms of silence at the start: the first 3600 samples are zero.
        for (int i = 44; i < 44 + 3600 * 2; i++) {
            assertThat(a[i]).isZero();
        }
    }

    @Test
    void freetts_speaksRealAudioAt16kHz() throws Exception {
        byte[] wav = new FreeTtsVoice().speak("Hello from the lighthouse.");

        WavInfo info = WavReader.inspect(wav);
        assertThat(info.sampleRateHz()).isEqualTo(16_000);
        assertThat(info.channels()).isEqualTo(1);
        assertThat(info.durationMillis()).isGreaterThan(500);
        int peak = 0;
        for (int i = 44; i + 1 < wav.length; i += 2) {
            peak = Math.max(peak, Math.abs((short) ((wav[i] & 0xff) | wav[i + 1] << 8)));
        }
        assertThat(peak).isGreaterThan(1_000);
    }
}
