package dev.readaloud.local.worker;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.AudioPlayer;
import dev.readaloud.audio.WavWriter;
import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;

/**
 * Real speech with FreeTTS's kevin16 voice (16 kHz, 16-bit mono), captured in memory. A FreeTTS
 * voice is not thread-safe, so each worker thread allocates its own on first use: the worker's
 * jobs speak side by side, as RunPod workers do.
 */
public final class FreeTtsVoice implements SpeechVoice {

    public static final String NAME = "freetts";
    private static final String KEVIN = "kevin16";
    private static final String VOICES_PROPERTY = "freetts.voices";
    private static final String KEVIN_DIRECTORY = "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory";

    private final ThreadLocal<Speaker> speakers = ThreadLocal.withInitial(FreeTtsVoice::allocate);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] speak(String text) {
        Speaker speaker = speakers.get();
        speaker.player.reset();
        if (!speaker.voice.speak(text)) {
            throw new IllegalStateException("FreeTTS could not speak the text");
        }
        return speaker.player.toWav();
    }

    /** One thread's voice and the player that captures what it says. */
    private record Speaker(Voice voice, CapturingPlayer player) {
    }

    private static Speaker allocate() {
        if (System.getProperty(VOICES_PROPERTY) == null) {
            System.setProperty(VOICES_PROPERTY, KEVIN_DIRECTORY);
        }
        Voice kevin;
        synchronized (FreeTtsVoice.class) {
            kevin = VoiceManager.getInstance().getVoice(KEVIN);
            if (kevin == null) {
                throw new IllegalStateException("FreeTTS voice " + KEVIN + " not found (" + VOICES_PROPERTY + "="
                        + System.getProperty(VOICES_PROPERTY) + ")");
            }
            kevin.allocate();
        }
        CapturingPlayer player = new CapturingPlayer();
        kevin.setAudioPlayer(player);
        return new Speaker(kevin, player);
    }

    /** An AudioPlayer that keeps the samples instead of playing them. */
    private static final class CapturingPlayer implements AudioPlayer {
        private AudioFormat format = new AudioFormat(16_000f, 16, 1, true, true);
        private final ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        private float volume = 1f;

        byte[] toWav() {
            byte[] raw = pcm.toByteArray();
            int channels = format.getChannels();
            short[] samples = new short[raw.length / 2];
            boolean bigEndian = format.isBigEndian();
            for (int i = 0; i < samples.length; i++) {
                int hi = bigEndian ? raw[2 * i] : raw[2 * i + 1];
                int lo = bigEndian ? raw[2 * i + 1] : raw[2 * i];
                samples[i] = (short) ((hi << 8) | (lo & 0xff));
            }
            return WavWriter.pcm16(Math.round(format.getSampleRate()), channels, samples);
        }

        @Override
        public void setAudioFormat(AudioFormat audioFormat) {
            if (audioFormat.getSampleSizeInBits() != 16) {
                throw new IllegalStateException("FreeTTS sent " + audioFormat.getSampleSizeInBits()
                        + "-bit audio; expected 16-bit");
            }
            this.format = audioFormat;
        }

        @Override
        public AudioFormat getAudioFormat() {
            return format;
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void reset() {
            pcm.reset();
        }

        @Override
        public boolean drain() {
            return true;
        }

        @Override
        public void begin(int size) {
        }

        @Override
        public boolean end() {
            return true;
        }

        @Override
        public void cancel() {
        }

        @Override
        public void close() {
        }

        @Override
        public float getVolume() {
            return volume;
        }

        @Override
        public void setVolume(float volume) {
            this.volume = volume;
        }

        @Override
        public long getTime() {
            return 0;
        }

        @Override
        public void resetTime() {
        }

        @Override
        public void startFirstSampleTimer() {
        }

        @Override
        public boolean write(byte[] audioData) {
            return write(audioData, 0, audioData.length);
        }

        @Override
        public boolean write(byte[] audioData, int offset, int size) {
            pcm.write(audioData, offset, size);
            return true;
        }

        @Override
        public void showMetrics() {
        }
    }
}
