package dev.readaloud.local.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readaloud.audio.WavInfo;
import dev.readaloud.audio.WavReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Test
    void freetts_speaksSideBySideOnSeveralThreads_exactlyAsOneAtATime() throws Exception {
        List<String> texts = List.of("The keeper rose at half past four.", "He climbed one hundred and twelve steps.",
                "Storms came one after another.", "Watch the light, not the waves.",
                "The supply boat missed three crossings.", "Light shown. All well.");
        List<byte[]> alone = new ArrayList<>();
        FreeTtsVoice serial = new FreeTtsVoice();
        for (String text : texts) {
            alone.add(serial.speak(text));
        }

        FreeTtsVoice shared = new FreeTtsVoice();
        List<Future<byte[]>> together = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
            for (String text : texts) {
                together.add(threads.submit(() -> shared.speak(text)));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertThat(together.get(i).get()).as(texts.get(i)).isEqualTo(alone.get(i));
            }
        }
    }
}
