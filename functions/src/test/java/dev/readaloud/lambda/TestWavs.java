package dev.readaloud.lambda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small 16-bit PCM WAV files built by hand, so tests know exactly what they hold. */
final class TestWavs {

    private TestWavs() {
    }

    /** A mono sine of {@code frequencyHz} at half scale, {@code millis} long. */
    static byte[] sine(double frequencyHz, int millis, int sampleRateHz) {
        int frames = sampleRateHz * millis / 1000;
        ByteBuffer wav = ByteBuffer.allocate(44 + frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + frames * 2).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRateHz).putInt(sampleRateHz * 2).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes()).putInt(frames * 2);
        for (int i = 0; i < frames; i++) {
            wav.putShort((short) Math.round(16_000 * Math.sin(2 * Math.PI * frequencyHz * i / sampleRateHz)));
        }
        return wav.array();
    }
}
